package iras.core.recovery;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.ObjectStore;
import iras.core.job.ImageJob;
import iras.core.job.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds jobs that were accepted and then lost: the image is stored, but there is neither a result nor a request on
 * the queue (the process that stored the image died before it sent the request). It queues each again, as the image
 * describes it.
 *
 * <p>A job has no request only if the request queue is empty, waiting and in-flight alike; a pass that finds it busy
 * does nothing, and the next one looks again. So a pass never queues a second copy of a job whose request still
 * waits, and repeating a pass does nothing more: a requeued job is on the queue until its result is stored. Images
 * younger than {@code minAge} are left alone, as their request may be on its way. One pass lists the images and the
 * results once (pages of a thousand) and queues at most {@code mostPerPass}.
 */
public final class RecoverySweep {
  private static final Logger log = LoggerFactory.getLogger(RecoverySweep.class);

  private final Cloud cloud;
  private final Duration minAge;
  private final int mostPerPass;
  private final Clock clock;

  public RecoverySweep(Cloud cloud, Duration minAge, int mostPerPass, Clock clock) {
    this.cloud = cloud;
    this.minAge = minAge;
    this.mostPerPass = mostPerPass;
    this.clock = clock;
  }

  /** @return the jobs queued again by this pass */
  public List<String> run() {
    var depth = cloud.requests().depth();
    if (depth.total() > 0) {
      log.debug("recovery sweep skipped: {} request(s) on the queue", depth.total());
      return List.of();
    }
    Instant before = clock.instant().minus(minAge);
    String input = cloud.layout().imageBucket();
    // Listed after the queue was seen empty: a job whose request was taken meanwhile has its result by now.
    List<ObjectStore.Listed> images = cloud.store().list(input, CloudLayout.IMAGES)
        .filter(o -> o.lastModified().isBefore(before))
        .toList();
    if (images.isEmpty()) {
      return List.of();
    }
    Set<String> answered = cloud.results().answered();
    List<ImageJob> lost = new ArrayList<>();
    for (ObjectStore.Listed image : images) {
      Optional<String> id = CloudLayout.jobOfImage(image.key());
      if (id.isPresent() && !answered.contains(id.get()) && lost.size() < mostPerPass) {
        lost.add(ImageJob.ofStoredImage(id.get(), input, image.key(), cloud.store().metadata(input, image.key()),
            image.lastModified()));
      }
    }
    if (lost.isEmpty()) {
      return List.of();
    }
    cloud.requests().send(lost.stream().map(Json::write).toList());
    List<String> ids = lost.stream().map(ImageJob::id).toList();
    log.warn("recovery sweep: queued again {} job(s) whose image was stored but whose request was lost: {}",
        ids.size(), ids);
    return ids;
  }
}
