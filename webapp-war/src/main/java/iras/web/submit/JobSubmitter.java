package iras.web.submit;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.web.results.ResultBroker;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Accepts uploaded images: admits them while the backlog allows, checks each one, stores it in the input bucket
 * and puts its job on the request queue.
 */
public final class JobSubmitter {
  /**
   * Uploads stored and queued at once. Each request thread used to call S3 directly: a thousand concurrent uploads
   * opened ~200 connections to S3 at the same moment, overflowed the embedded S3's accept queue on a loaded host and
   * failed after the SDK's four connect attempts. Waiting here for a turn costs milliseconds instead.
   */
  private static final int CLOUD_CALLS_AT_ONCE = 32;

  private final Semaphore cloudCalls = new Semaphore(CLOUD_CALLS_AT_ONCE, true);
  private final Cloud cloud;
  private final BatchedSends requests;
  private final ResultBroker results;
  private final ReusedAnswers reused;
  private final long maxFileSize;
  private final long maxPixels;
  private final int maxBacklog;
  private final Counter accepted;
  private final Counter rejected;

  public JobSubmitter(Cloud cloud, ResultBroker results, ReusedAnswers reused, long maxFileSize, long maxPixels,
      int maxBacklog, PrometheusRegistry metrics) {
    this.cloud = cloud;
    this.requests = new BatchedSends(cloud.requests());
    this.results = results;
    this.reused = reused;
    this.maxFileSize = maxFileSize;
    this.maxPixels = maxPixels;
    this.maxBacklog = maxBacklog;
    this.accepted = Counter.builder().name("iras_jobs_accepted_total")
        .help("Images stored and queued for classification.").register(metrics);
    this.rejected = Counter.builder().name("iras_uploads_rejected_total").help("Files refused, by HTTP status.")
        .labelNames("status").register(metrics);
  }

  public record Submitted(ImageJob job, CompletableFuture<ImageResult> result) {}

  /**
   * Refuses {@code count} more jobs with a 503 when this process already waits for as many as it may. The bound is
   * soft: uploads admitted at the same moment may pass it by a few.
   */
  public void admit(int count) throws RejectedUpload {
    int backlog = results.waiting();
    if (backlog + count > maxBacklog) {
      rejected.labelValues("503").inc(count);
      throw new RejectedUpload(503, "The service is busy: " + backlog + " images are waiting for a result. "
          + "Send again in a few seconds.");
    }
  }

  public Submitted submit(Upload upload) throws RejectedUpload {
    return submit(upload, null);
  }

  /** @param enrollAs the person to add the image to in the face gallery, or null to ask what it shows */
  public Submitted submit(Upload upload, String enrollAs) throws RejectedUpload {
    try {
      return store(upload, enrollAs);
    } catch (RejectedUpload r) {
      rejected.labelValues(Integer.toString(r.status())).inc();
      throw r;
    }
  }

  private Submitted store(Upload upload, String enrollAs) throws RejectedUpload {
    String name = FileNames.sanitize(upload.submittedName());
    if (upload.size() > maxFileSize) {
      throw new RejectedUpload(413, "The file '" + name + "' is " + Sizes.human(upload.size())
          + "; the limit is " + Sizes.human(maxFileSize) + " per image.");
    }
    byte[] bytes;
    try {
      bytes = upload.bytes();
    } catch (IOException e) {
      throw new RejectedUpload(400, "The file '" + name + "' could not be read from the request: " + e.getMessage());
    }
    if (bytes.length == 0) {
      throw new RejectedUpload(400, "The file '" + name + "' is empty: choose an image file and send it again.");
    }
    ImageType type = ImageType.detect(bytes).orElseThrow(() -> new RejectedUpload(415,
        "The file '" + name + "' is not an image this service reads: send a JPEG, PNG, BMP or GIF."));
    Optional<String> defect = type.defect(bytes);
    if (defect.isPresent()) {
      throw new RejectedUpload(400, "The file '" + name + "' starts like a " + type + " but " + defect.get()
          + ": send the whole file again.");
    }
    Optional<DeclaredSize> size = DeclaredSize.of(type, bytes);
    if (size.isPresent() && size.get().pixels() > maxPixels) {
      throw new RejectedUpload(422, "The image '" + name + "' declares " + size.get() + " pixels ("
          + size.get().pixels() + "); this service decodes at most " + maxPixels + " pixels an image: send it"
          + " scaled down.");
    }

    try {
      cloudCalls.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RejectedUpload(503, "The service is stopping: send '" + name + "' again in a few seconds.");
    }
    try {
      return enqueue(name, bytes, type, enrollAs);
    } finally {
      cloudCalls.release();
    }
  }

  private Submitted enqueue(String name, byte[] bytes, ImageType type, String enrollAs) {
    String id = UUID.randomUUID().toString();
    String key = CloudLayout.imageKey(id);
    ImageJob job = new ImageJob(id, name, cloud.layout().imageBucket(), key, Instant.now(), enrollAs);
    Optional<ImageResult> known = job.enrolls() ? Optional.empty() : reused.find(bytes);
    if (known.isPresent()) {
      return answerFromStore(job, bytes, type, known.get().reusedFor(job));
    }
    // The image carries its job: a crash before the send below leaves a job the recovery sweep can queue again.
    cloud.store().put(job.bucket(), key, bytes, type.mediaType(), job.imageMetadata());
    cloud.course().upload(job, bytes, type.mediaType());
    CompletableFuture<ImageResult> result = results.expect(job);
    try {
      requests.send(Json.write(job));
    } catch (RuntimeException e) {
      results.forget(id);
      throw e;
    }
    accepted.inc();
    return new Submitted(job, result);
  }

  /** Records the job as a worker would have, so its status, its course objects and its answer are the same. */
  private Submitted answerFromStore(ImageJob job, byte[] bytes, ImageType type, ImageResult result) {
    cloud.course().upload(job, bytes, type.mediaType());
    cloud.results().store(job.id(), Json.write(result));
    cloud.course().answer(job, result);
    return new Submitted(job, results.answeredFromStore(job, result));
  }
}
