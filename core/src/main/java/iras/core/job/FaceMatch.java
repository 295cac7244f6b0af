package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a face model found in one image, beside the answer's label: the face it described (or the whole image,
 * when {@code detected} is false), how far the nearest enrolled person's descriptor is and who came second, and the
 * gallery version it was matched against (or, for an enrolment, the version that added it).
 *
 * @param box where the face is; null when no face was detected and the whole image was described
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaceMatch(
    boolean detected, FaceBox box, Double distance, String runnerUp, Double runnerUpDistance, String gallery) {}
