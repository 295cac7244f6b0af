package iras.core.faces;

import com.fasterxml.jackson.annotation.JsonInclude;
import iras.core.job.FaceBox;
import java.time.Instant;

/**
 * One enrolled image of a person, as a face model described it.
 *
 * @param id the enrolment job's id, unique per image
 * @param image the file name the image was sent under
 * @param box where the described face is; null when none was detected and the whole image was described
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GalleryEntry(
    String name, String id, String image, float[] descriptor, FaceBox box, Instant enrolledAt) {}
