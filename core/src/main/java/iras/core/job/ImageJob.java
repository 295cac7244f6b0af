package iras.core.job;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One image to classify, as it travels on the request queue. The bytes stay in the input bucket; {@code id} is
 * unique per upload so two users sending {@code cat.jpg} at once never share a result.
 *
 * @param name the file name the user gave, without directory parts
 */
public record ImageJob(String id, String name, String bucket, String key, Instant submittedAt) {
  private static final String NAME = "job-name";
  private static final String SUBMITTED_AT = "job-submitted-at";

  /**
   * What the stored image carries of its job (S3 user metadata, US-ASCII), so that a job whose request never
   * reached the queue can be queued again as it was.
   */
  public Map<String, String> imageMetadata() {
    return Map.of(NAME, URLEncoder.encode(name, StandardCharsets.UTF_8), SUBMITTED_AT, submittedAt.toString());
  }

  /**
   * The job of a stored image, from its {@link #imageMetadata}; a store that keeps no metadata leaves the job
   * id as its name and the image's storing time as its submission.
   */
  public static ImageJob ofStoredImage(String id, String bucket, String key, Map<String, String> metadata,
      Instant stored) {
    String name = metadata.containsKey(NAME) ? URLDecoder.decode(metadata.get(NAME), StandardCharsets.UTF_8) : id;
    Instant submitted = stored;
    try {
      submitted = metadata.containsKey(SUBMITTED_AT) ? Instant.parse(metadata.get(SUBMITTED_AT)) : stored;
    } catch (DateTimeParseException e) {
      // Written by hand or by another program: the storing time is as good.
    }
    return new ImageJob(id, name, bucket, key, submitted);
  }

  /** The user's file name without its extension, the course's answer prefix ({@code test_00.jpg} → {@code test_00}). */
  public String baseName() {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
