package iras.core.job;

import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an answer depends on, and so what a stored answer is found by: the image's bytes (by their SHA-256) and the
 * model that answered, which for a face model includes the gallery it matched against.
 *
 * @param image the SHA-256 of the image's bytes, in hex
 * @param model the {@link #modelIdentity} of the deployment, with the gallery version for a face model
 */
public record AnswerKey(String image, String model) {

  /** @param galleryVersion the gallery a face model matched against; null for any other model */
  public static AnswerKey of(byte[] image, String modelIdentity, String galleryVersion) {
    return of(digest(image), modelIdentity, galleryVersion);
  }

  /** @param imageDigest the image's {@link #digest} */
  public static AnswerKey of(String imageDigest, String modelIdentity, String galleryVersion) {
    return new AnswerKey(imageDigest, galleryVersion == null ? modelIdentity
        : modelIdentity + " gallery=" + galleryVersion);
  }


  /**
   * The settings that decide a model's answers: the model URI (a file's content behind a URI is taken to stay the
   * same, as the default model's checksum guarantees), the label names and a face model's distance for unknown
   * faces when the deployment sets one. Every tier of a deployment reads the same settings, so the web tier finds
   * what workers stored.
   */
  public static String modelIdentity(Settings settings) {
    String identity = settings.model().trim() + " labels=" + settings.labels().trim();
    return settings.faceUnknownBeyond().isPresent()
        ? identity + " unknown-beyond=" + settings.faceUnknownBeyond().getAsDouble() : identity;
  }

  /** Where the key's answer is kept: a folder per model, so one model's answers can be dropped together. */
  public String objectKey() {
    return "answers/" + digest(model.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + "/" + image + ".json";
  }

  /** The SHA-256 of the bytes, in hex: an image's part of its keys. */
  public static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
