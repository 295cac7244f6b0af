package iras.core.job;

import java.time.Instant;

/**
 * One image to classify, as it travels on the request queue. The bytes stay in the input bucket; {@code id} is
 * unique per upload so two users sending {@code cat.jpg} at once never share a result.
 *
 * @param name the file name the user gave, without directory parts
 */
public record ImageJob(String id, String name, String bucket, String key, Instant submittedAt) {

  /** The user's file name without its extension, the course's answer prefix ({@code test_00.jpg} → {@code test_00}). */
  public String baseName() {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
