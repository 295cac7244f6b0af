package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One image to classify, as it travels on the request queue. The bytes stay in the input bucket; {@code id} is
 * unique per upload so two users sending {@code cat.jpg} at once never share a result.
 *
 * @param name the file name the user gave, without directory parts
 * @param enrollAs the person this image shows, to add to the face gallery instead of recognising it; null for a
 *     job that asks what the image shows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageJob(String id, String name, String bucket, String key, Instant submittedAt, String enrollAs) {

  public ImageJob(String id, String name, String bucket, String key, Instant submittedAt) {
    this(id, name, bucket, key, submittedAt, null);
  }

  public boolean enrolls() {
    return enrollAs != null;
  }

  /** The user's file name without its extension, the course's answer prefix ({@code test_00.jpg} → {@code test_00}). */
  public String baseName() {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
