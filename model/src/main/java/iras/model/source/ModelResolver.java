package iras.model.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a model file from a location: a local path is used as is; an http(s) URL is looked up in the cache
 * directory, then in the mirrors (local directories or base URLs, same file name), then fetched from the URL
 * itself. Every copy from a cache, mirror or download is md5-checked when the checksum is known, and a download
 * becomes visible in the cache only once complete and verified (atomic rename), so several worker processes
 * sharing one cache never read a partial file.
 */
public final class ModelResolver {
  private static final Logger log = LoggerFactory.getLogger(ModelResolver.class);

  private static final String CORAL = "https://github.com/google-coral/test_data/raw/"
      + "104342d2d3480b3e66203073dac24f4e2dbb4c41/";
  /** MobileNetV2 1.0/224, uint8 (Apache-2.0, google-coral/test_data): the default model. */
  public static final String DEFAULT_URL = CORAL + "mobilenet_v2_1.0_224_quant.tflite";
  public static final String DEFAULT_MD5 = "bac868715e01b67002420d0ebe1e529b";
  /** Checksums of the files published at a fixed commit, so they are verified even when the caller has none. */
  private static final Map<String, String> KNOWN_MD5 = Map.of(
      DEFAULT_URL, DEFAULT_MD5,
      CORAL + "mobilenet_v1_0.75_192_quant.tflite", "f1bb858e33ad60ba880ed2dcb5ab0227",
      CORAL + "mobilenet_v1_0.25_128_quant.tflite", "7c45292400dd8f71d99dd8e2dde0732c");
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private final Path cacheDir;
  private final List<String> mirrors;
  private final Duration timeout;
  private final HttpClient http;

  public ModelResolver(Path cacheDir, List<String> mirrors) {
    this(cacheDir, mirrors, DEFAULT_TIMEOUT);
  }

  public ModelResolver(Path cacheDir, List<String> mirrors, Duration timeout) {
    this.cacheDir = cacheDir;
    this.mirrors = List.copyOf(mirrors);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(timeout)
        .build();
  }

  /**
   * The local file for a model location.
   *
   * @param location a local path, a file: URI, or an http(s) URL
   * @param md5      the expected checksum (hex), or null to use the known one for the URL, if any
   */
  public Path resolve(String location, String md5) throws ModelUnavailableException {
    if (!isUrl(location)) {
      return local(location, md5);
    }
    String name = fileName(location);
    String expected = md5 != null ? md5.toLowerCase() : KNOWN_MD5.get(location);
    if (expected == null) {
      log.warn("No checksum known for {}; the download will not be verified", location);
    }
    Path cached = cacheDir.resolve(name);
    List<String> failures = new ArrayList<>();
    if (Files.isRegularFile(cached)) {
      String problem = verify(cached, expected);
      if (problem == null) {
        return cached;
      }
      failures.add("cached " + cached + ": " + problem);
    }
    for (String mirror : mirrors) {
      if (isUrl(mirror)) {
        String url = mirror.endsWith("/") ? mirror + name : mirror + "/" + name;
        String problem = download(url, cached, expected);
        if (problem == null) {
          return cached;
        }
        failures.add("mirror " + url + ": " + problem);
      } else {
        Path candidate = localPath(mirror).resolve(name);
        String problem = Files.isRegularFile(candidate) ? verify(candidate, expected) : "no such file";
        if (problem == null) {
          return candidate;
        }
        failures.add("mirror " + candidate + ": " + problem);
      }
    }
    String problem = download(location, cached, expected);
    if (problem == null) {
      return cached;
    }
    failures.add(location + ": " + problem);
    throw new ModelUnavailableException("model " + name + " is not available (" + String.join("; ", failures)
        + "). Put the file at " + cached + (expected == null ? "" : " (md5 " + expected + ")")
        + ", or set IRAS_MODEL to a local file (tflite:/path/to/model.tflite).");
  }

  /**
   * A model file on this machine, for sources that are never downloaded.
   *
   * @param kind what the file holds, for the message ("Keras model")
   */
  public static Path existing(String location, String kind) throws ModelUnavailableException {
    Path file = Path.of(location);
    if (!Files.isRegularFile(file)) {
      throw new ModelUnavailableException(kind + " file " + file.toAbsolutePath() + " does not exist");
    }
    return file;
  }

  private static boolean isUrl(String location) {
    String lower = location.toLowerCase();
    return lower.startsWith("https://") || lower.startsWith("http://");
  }

  private static Path localPath(String location) {
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  private static Path local(String location, String md5) throws ModelUnavailableException {
    Path file;
    try {
      file = localPath(location);
    } catch (IllegalArgumentException e) {
      throw new ModelUnavailableException("model location \"" + location + "\" is not a valid path: "
          + e.getMessage());
    }
    if (!Files.isRegularFile(file)) {
      throw new ModelUnavailableException("model file " + file.toAbsolutePath() + " does not exist;"
          + " set IRAS_MODEL to a local model file (tflite:/path/to/model.tflite)");
    }
    String problem = verify(file, md5 == null ? null : md5.toLowerCase());
    if (problem != null) {
      throw new ModelUnavailableException("model file " + file.toAbsolutePath() + ": " + problem);
    }
    return file;
  }

  private static String fileName(String url) throws ModelUnavailableException {
    String path;
    try {
      path = URI.create(url).getPath();
    } catch (IllegalArgumentException e) {
      throw new ModelUnavailableException("model URL \"" + url + "\" is invalid: " + e.getMessage());
    }
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    if (!SAFE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new ModelUnavailableException("model URL \"" + url + "\" does not end in a usable file name");
    }
    return name;
  }

  /** Null when the file has the expected checksum (or none is expected), else what is wrong. */
  private static String verify(Path file, String expected) {
    if (expected == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      String actual = md5(in, OutputStream.nullOutputStream());
      return actual.equals(expected) ? null
          : "md5 " + actual + " does not match the expected " + expected + " (wrong or damaged file)";
    } catch (IOException e) {
      return "cannot read it: " + e.getMessage();
    }
  }

  /** Downloads into the cache; null on success, else what went wrong. */
  private String download(String url, Path target, String expected) {
    Path partial = null;
    try {
      Files.createDirectories(cacheDir);
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return "HTTP " + response.statusCode();
        }
        partial = Files.createTempFile(cacheDir, target.getFileName() + ".", ".part");
        String actual;
        try (OutputStream out = Files.newOutputStream(partial)) {
          actual = md5(body, out);
        }
        if (expected != null && !actual.equals(expected)) {
          return "downloaded md5 " + actual + " does not match the expected " + expected;
        }
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      partial = null;
      log.info("Downloaded model {} to {}", url, target);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (ConnectException e) {
      // The JDK's HTTP client reports a refused or unreachable connection without a message.
      return "cannot connect (offline?)";
    } catch (IOException | IllegalArgumentException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": "
          + e.getMessage();
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException e) {
          log.warn("Could not delete partial download {}", partial, e);
        }
      }
    }
  }

  /** Copies {@code in} to {@code out} and returns the md5 of what was copied, in hex. */
  private static String md5(InputStream in, OutputStream out) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5", e);
    }
    try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
      digesting.transferTo(out);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
