package iras.core.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;

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
  /**
   * The most bytes a job's file name may take in its request message (UTF-8, with JSON's escapes), and the most its
   * enrolled person's name may: with the id, bucket, key and time (under 250 bytes for any deployment whose bucket
   * names S3 takes), the longest job stays within the request queue's 1024 bytes.
   */
  public static final int MAX_NAME_BYTES = 480;

  public static final int MAX_PERSON_BYTES = 240;

  // Names in base64url: URL-encoding takes three characters a byte outside ASCII, and the longest names would then
  // pass S3's 2 KB of user metadata.
  private static final String NAME = "job-name-b64";
  private static final String SUBMITTED_AT = "job-submitted-at";
  private static final String ENROLL_AS = "job-enroll-as-b64";

  public ImageJob(String id, String name, String bucket, String key, Instant submittedAt) {
    this(id, name, bucket, key, submittedAt, null);
  }

  public boolean enrolls() {
    return enrollAs != null;
  }

  /**
   * What the stored image carries of its job (S3 user metadata: US-ASCII, at most 2 KB), so that a job whose request never
   * reached the queue can be queued again as it was.
   */
  public Map<String, String> imageMetadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(NAME, encode(name));
    metadata.put(SUBMITTED_AT, submittedAt.toString());
    if (enrollAs != null) {
      metadata.put(ENROLL_AS, encode(enrollAs));
    }
    return metadata;
  }

  /**
   * The job of a stored image, from its {@link #imageMetadata}; a store that keeps no metadata leaves the job
   * id as its name and the image's storing time as its submission.
   */
  public static ImageJob ofStoredImage(String id, String bucket, String key, Map<String, String> metadata,
      Instant stored) {
    String name = decode(metadata.get(NAME)).orElse(id);
    Instant submitted = stored;
    try {
      submitted = metadata.containsKey(SUBMITTED_AT) ? Instant.parse(metadata.get(SUBMITTED_AT)) : stored;
    } catch (DateTimeParseException e) {
      // Written by hand or by another program: the storing time is as good.
    }
    String enrollAs = decode(metadata.get(ENROLL_AS)).orElse(null);
    return new ImageJob(id, name, bucket, key, submitted, enrollAs);
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Empty for a value that is absent or not base64url, as one written by hand or by another program may be. */
  private static Optional<String> decode(String value) {
    try {
      return Optional.ofNullable(value)
          .map(v -> new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The bytes {@code text} takes as a string of a request message: its UTF-8, with JSON's escapes. */
  public static int messageBytes(String text) {
    return Json.writeBytes(text).length - 2;
  }

  /** The user's file name without its extension, the course's answer prefix ({@code test_00.jpg} → {@code test_00}). */
  public String baseName() {
    return baseName(name);
  }

  public static String baseName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
