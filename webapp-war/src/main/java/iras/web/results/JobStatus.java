package iras.web.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import iras.core.job.FaceMatch;
import iras.core.job.Guess;
import iras.core.job.ImageResult;
import java.time.Instant;
import java.util.List;

/**
 * A job as {@code GET /api/images/{id}} reports it.
 *
 * @param status {@code pending}, {@code done}, {@code failed} or {@code unknown}
 * @param face with a face model: the distance, the runner-up, the face box and the gallery version
 * @param cached true when the answer was given again from an earlier upload of the same bytes, without inference
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobStatus(
    String id,
    String name,
    String status,
    String label,
    Double confidence,
    List<Guess> top5,
    String model,
    String instance,
    Timings timings,
    String error,
    FaceMatch face,
    Boolean cached) {

  public static final String PENDING = "pending";
  public static final String DONE = "done";
  public static final String FAILED = "failed";
  public static final String UNKNOWN = "unknown";

  /**
   * What is known of a job's times: the web tier measures submission to answer for the jobs it accepted itself;
   * the worker measures inference.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Timings(Instant submittedAt, Instant answeredAt, Long latencyMs, Long inferenceMs) {}

  static JobStatus pending(String id, String name, Instant submittedAt) {
    return new JobStatus(id, name, PENDING, null, null, null, null, null,
        submittedAt == null ? null : new Timings(submittedAt, null, null, null), null, null, null);
  }

  static JobStatus finished(ImageResult r, Timings timings) {
    return new JobStatus(r.id(), r.name(), r.failed() ? FAILED : DONE, r.label(), r.confidence(), r.top5(), r.model(),
        r.instance(), timings, r.error(), r.face(), r.cached());
  }

  static JobStatus unknown(String id) {
    return new JobStatus(id, null, UNKNOWN, null, null, null, null, null, null,
        "no job with this id: it was never accepted, or its image and result have been removed", null, null);
  }

  @JsonIgnore
  public boolean isKnown() {
    return !UNKNOWN.equals(status);
  }
}
