package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of one {@link ImageJob}: either a label (with confidence and the top five; with a face model, the
 * person's name and the {@link FaceMatch}) or an error a person can read. Written to the output bucket (the source of truth) and sent on the response queue (the fast path).
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
    FaceMatch face) {

  public static ImageResult success(
      ImageJob job, List<Guess> top5, String model, String instance, long inferenceMs) {
    Guess best = top5.get(0);
    return new ImageResult(
        job.id(), job.name(), best.label(), best.confidence(), List.copyOf(top5), model, instance, inferenceMs, null,
        null);
  }

  /**
   * A face model's answer: the nearest enrolled person, or for an enrolment the person the image was added to.
   * Distances have no confidence to report, so none is given.
   */
  public static ImageResult face(
      ImageJob job, String person, FaceMatch face, String model, String instance, long inferenceMs) {
    return new ImageResult(job.id(), job.name(), person, null, null, model, instance, inferenceMs, null, face);
  }

  public static ImageResult failure(ImageJob job, String error, String instance) {
    return new ImageResult(job.id(), job.name(), null, null, null, null, instance, null, error, null);
  }

  public boolean failed() {
    return error != null;
  }
}
