package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a face model found in one image, beside the answer's label: the most prominent face it described (the
 * largest, then the most confident; or the whole image, when {@code detected} is false), how far the nearest
 * enrolled person's descriptor is and who came second, the gallery version it was matched against (or, for an
 * enrolment, the version that added it), and every face of the image.
 *
 * @param box           where the face is; null when no face was detected and the whole image was described
 * @param nearest       the nearest enrolled person, also when the answer is {@code unknown} for being farther
 *                      than {@code unknownBeyond}
 * @param unknownBeyond the distance beyond which a face is nobody enrolled
 * @param faces         each face of the image, most prominent first (the first is the one above)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceMatch(
    boolean detected, FaceBox box, Double distance, String runnerUp, Double runnerUpDistance, String gallery,
    String nearest, Double unknownBeyond, List<Face> faces) {

  /** The answer given to a face that is farther than the distance for unknown faces from every enrolled one. */
  public static final String UNKNOWN = "unknown";

  /**
   * One face of an image.
   *
   * @param name     the person it is, or {@link #UNKNOWN}; null for an enrolment
   * @param nearest  the nearest enrolled person, even when the face is unknown; null for an enrolment
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Face(FaceBox box, String name, String nearest, Double distance, String runnerUp,
                     Double runnerUpDistance) {}

  public FaceMatch {
    faces = faces == null ? null : List.copyOf(faces);
  }
}
