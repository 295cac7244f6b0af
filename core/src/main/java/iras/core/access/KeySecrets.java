package iras.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a secret, {@code iras_<id>_<random>}: the id finds the stored key in one read, the random part (256
 * bits) is what proves the holder. A digest of so much randomness cannot be reversed by guessing, so a fast hash is
 * enough; a slow password hash would only slow every request.
 */
final class KeySecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORM = Pattern.compile("iras_([0-9a-f]{16})_[0-9a-f]{64}");

  private KeySecrets() {}

  static String newId() {
    return random(8);
  }

  static String newSecret(String id) {
    return "iras_" + id + "_" + random(32);
  }

  /** The id a secret names, if it has the form of one. */
  static Optional<String> idOf(String secret) {
    Matcher m = FORM.matcher(secret == null ? "" : secret.strip());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static String digest(String secret) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(secret.strip().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Equal digests, compared in a time that does not depend on where they first differ. */
  static boolean same(String digest, String otherDigest) {
    return MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
        otherDigest.getBytes(StandardCharsets.US_ASCII));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
