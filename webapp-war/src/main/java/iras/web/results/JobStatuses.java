package iras.web.results;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.util.regex.Pattern;

/**
 * Answers what became of a job: first from what this process saw, then from the buckets, so a job accepted by
 * another web process, or before a restart, is still found. A job whose image is stored but whose result is not
 * is pending.
 */
public final class JobStatuses {
  private static final Pattern JOB_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final Cloud cloud;
  private final ResultBroker results;

  public JobStatuses(Cloud cloud, ResultBroker results) {
    this.cloud = cloud;
    this.results = results;
  }

  /** Whether {@code id} has the form of the ids this service hands out (and so is safe as part of a key). */
  public static boolean isJobId(String id) {
    return id != null && JOB_ID.matcher(id).matches();
  }

  /** @param id a value for which {@link #isJobId} holds */
  public JobStatus of(String id) {
    var answered = results.answered(id);
    if (answered.isPresent()) {
      ResultBroker.Answered a = answered.get();
      return JobStatus.finished(a.result(), new JobStatus.Timings(
          a.job().submittedAt(), a.answeredAt(), a.latencyMs(), a.result().inferenceMs()));
    }
    var waiting = results.waitingFor(id);
    if (waiting.isPresent()) {
      return JobStatus.pending(id, waiting.get().name(), waiting.get().submittedAt());
    }
    var stored = cloud.results().find(id);
    if (stored.isPresent()) {
      ImageResult r = Json.read(stored.get(), ImageResult.class);
      return JobStatus.finished(r, r.inferenceMs() == null ? null
          : new JobStatus.Timings(null, null, null, r.inferenceMs()));
    }
    if (cloud.store().exists(cloud.layout().imageBucket(), CloudLayout.imageKey(id))) {
      return JobStatus.pending(id, null, null);
    }
    return JobStatus.unknown(id);
  }
}
