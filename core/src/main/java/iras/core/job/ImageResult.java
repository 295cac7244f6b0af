package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of one {@link ImageJob}: either a label (with confidence and the top five; with a face model, the
 * person's name and the {@link FaceMatch}) or an error a person can read. Stored (the source of truth) and sent on
 * the response queue (the fast path). {@code cached} is true for an answer reused from an earlier upload of the same
 * bytes (see {@link StoredAnswers}), absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageResult(
    String id,
    String name,
    String label,
    Double confidence,
    List<Guess> top5,
    String model,
    String instance,
    Long inferenceMs,
    String error,
    FaceMatch face,
    Boolean cached) {

  public static ImageResult success(
      ImageJob job, List<Guess> top5, String model, String instance, long inferenceMs) {
    Guess best = top5.get(0);
    return new ImageResult(
        job.id(), job.name(), best.label(), best.confidence(), List.copyOf(top5), model, instance, inferenceMs, null,
        null, null);
  }

  /**
   * A face model's answer: the nearest enrolled person, or for an enrolment the person the image was added to.
   * Distances have no confidence to report, so none is given.
   */
  public static ImageResult face(
      ImageJob job, String person, FaceMatch face, String model, String instance, long inferenceMs) {
    return new ImageResult(job.id(), job.name(), person, null, null, model, instance, inferenceMs, null, face, null);
  }

  public static ImageResult failure(ImageJob job, String error, String instance) {
    return new ImageResult(job.id(), job.name(), null, null, null, null, instance, null, error, null, null);
  }

  /**
   * This answer given again to {@code job}, whose image has the same bytes: everything the model said, under the
   * job's own id and name, with no instance or inference time of its own.
   */
  public ImageResult reusedFor(ImageJob job) {
    return new ImageResult(job.id(), job.name(), label, confidence, top5, model, null, null, error, face, true);
  }

  public boolean failed() {
    return error != null;
  }
}
