package iras.localcloud;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The access key and secret the embedded S3 and SQS check every request's signature against: made at random the
 * first time a data folder is used and kept in it ({@value #FILE}, readable by its owner only), so another user of
 * the machine, or a page the browser opens, cannot call the cloud with a pair printed in a README.
 */
public record LocalCredentials(String accessKey, String secretKey) {
  public static final String FILE = "cloud-credentials.properties";

  /** The data folder's credentials, made and stored there if it has none yet. */
  public static LocalCredentials of(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      Files.createDirectories(dataDir);
      try {
        create(file);
      } catch (FileAlreadyExistsException madeByAnotherProcess) {
        // Two processes started on one new folder: the first one's pair is the folder's.
      }
    }
    Properties stored = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      stored.load(in);
    }
    String access = stored.getProperty("access-key", "").trim();
    String secret = stored.getProperty("secret-key", "").trim();
    if (access.isEmpty() || secret.isEmpty()) {
      throw new IOException(file + " holds no access-key and secret-key: remove it to have a new pair made");
    }
    return new LocalCredentials(access, secret);
  }

  private static void create(Path file) throws IOException {
    SecureRandom random = new SecureRandom();
    byte[] id = new byte[8];
    byte[] secret = new byte[30];
    random.nextBytes(id);
    random.nextBytes(secret);
    Properties pair = new Properties();
    pair.setProperty("access-key", "IRAS" + HexFormat.of().withUpperCase().formatHex(id));
    pair.setProperty("secret-key", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    Path partial = Files.createTempFile(file.getParent(), ".credentials", ".tmp");
    try {
      setOwnerOnly(partial);
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
        pair.store(out, "The embedded cloud's credentials for this data folder (iras local, iras cloud)");
      }
      // A link fails when the name exists: of two processes making the pair at once, one pair wins whole.
      Files.createLink(file, partial);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // The folder's own permissions guard it there.
    }
  }
}
