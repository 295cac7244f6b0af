package iras.model.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import iras.model.SharedFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolverTest {
  private static final String NAME = SharedFiles.V1_025;
  private static final String MD5 = "7c45292400dd8f71d99dd8e2dde0732c";

  @TempDir
  Path temp;
  private Path cache;
  private byte[] model;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    cache = temp.resolve("cache");
    model = Files.readAllBytes(SharedFiles.model(NAME));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = served.get(exchange.getRequestURI().getPath());
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void localPathIsUsedDirectly() throws Exception {
    Path file = SharedFiles.model(NAME);
    ModelResolver resolver = resolver(List.of());
    assertEquals(file, resolver.resolve(file.toString(), null));
    assertEquals(file.toAbsolutePath(), resolver.resolve(file.toAbsolutePath().toUri().toString(), MD5));
  }

  @Test
  void missingLocalFileIsNamedWithTheIrasModelHint() {
    Path missing = temp.resolve("nothing.tflite");
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of()).resolve(missing.toString(), null));
    assertEquals("model file " + missing + " does not exist; set IRAS_MODEL to a local model file"
        + " (tflite:/path/to/model.tflite)", e.getMessage());
  }

  @Test
  void localFileWithTheWrongChecksumIsRejected() {
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of()).resolve(SharedFiles.model(NAME).toString(), "0".repeat(32)));
    assertTrue(e.getMessage().contains("md5 " + MD5 + " does not match the expected 0000"), e.getMessage());
  }

  @Test
  void mirrorDirectoryHoldingTheFileIsUsedWithoutDownloading() throws Exception {
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Files.write(mirror.resolve(NAME), model);

    Path resolved = resolver(List.of(mirror.toString())).resolve(unreachableUrl(), MD5);

    assertEquals(mirror.resolve(NAME), resolved);
    assertFalse(Files.exists(cache.resolve(NAME)));
  }

  @Test
  void mirrorFileWithTheRightNameButWrongContentIsRejected() throws Exception {
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Files.writeString(mirror.resolve(NAME), "not the model");

    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of(mirror.toString())).resolve(unreachableUrl(), MD5));

    assertTrue(e.getMessage().contains("mirror " + mirror.resolve(NAME) + ": md5 "), e.getMessage());
    assertTrue(e.getMessage().contains("does not match the expected " + MD5 + " (wrong or damaged file)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Put the file at " + cache.resolve(NAME)), e.getMessage());
  }

  @Test
  void unreachableUrlWithAnEmptyCacheNamesTheCacheFileAndIrasModel() throws Exception {
    String url = unreachableUrl();
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of()).resolve(url, MD5));
    String message = e.getMessage();
    assertTrue(message.startsWith("model " + NAME + " is not available (" + url + ": cannot connect"), message);
    assertTrue(message.endsWith("Put the file at " + cache.resolve(NAME) + " (md5 " + MD5 + "), or set"
        + " IRAS_MODEL to a local file (tflite:/path/to/model.tflite)."), message);
  }

  @Test
  void downloadIsVerifiedCachedAndNotRepeated() throws Exception {
    served.put("/models/" + NAME, model);
    String url = serverUrl("/models/" + NAME);
    ModelResolver resolver = resolver(List.of());

    Path first = resolver.resolve(url, MD5);
    Path second = resolver.resolve(url, MD5);

    assertEquals(cache.resolve(NAME), first);
    assertEquals(first, second);
    assertArrayEquals(model, Files.readAllBytes(first));
    assertEquals(1, requests.get());
    assertEquals(List.of(cache.resolve(NAME)), cacheFiles());
  }

  @Test
  void downloadWithTheWrongChecksumLeavesNothingInTheCache() throws Exception {
    served.put("/models/" + NAME, "an error page".getBytes(StandardCharsets.UTF_8));
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of()).resolve(serverUrl("/models/" + NAME), MD5));
    assertTrue(e.getMessage().contains("downloaded md5 "), e.getMessage());
    assertEquals(List.of(), cacheFiles());
  }

  @Test
  void damagedCachedFileIsReplacedByAVerifiedDownload() throws Exception {
    Files.createDirectories(cache);
    Files.writeString(cache.resolve(NAME), "half a download");
    served.put("/models/" + NAME, model);

    Path resolved = resolver(List.of()).resolve(serverUrl("/models/" + NAME), MD5);

    assertArrayEquals(model, Files.readAllBytes(resolved));
  }

  @Test
  void urlMirrorsAreTriedInOrderBeforeTheOrigin() throws Exception {
    served.put("/second/" + NAME, model);
    List<String> mirrors = List.of(serverUrl("/first"), serverUrl("/second/"));

    Path resolved = resolver(mirrors).resolve(unreachableUrl(), MD5);

    assertArrayEquals(model, Files.readAllBytes(resolved));
    assertEquals(2, requests.get());
  }

  @Test
  void defaultModelIsVerifiedWithItsKnownChecksum() throws Exception {
    Files.createDirectories(cache);
    Files.copy(SharedFiles.model(SharedFiles.V2), cache.resolve(SharedFiles.V2));
    Path mirror = Files.createDirectories(temp.resolve("mirror"));
    Files.writeString(mirror.resolve(SharedFiles.V2), "wrong");

    assertEquals(cache.resolve(SharedFiles.V2), resolver(List.of(mirror.toString()))
        .resolve(ModelResolver.DEFAULT_URL, null));
    assertTrue(ModelResolver.DEFAULT_URL.endsWith("/" + SharedFiles.V2));
  }

  @Test
  void urlWithoutAFileNameIsRejected() {
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> resolver(List.of()).resolve("https://example.com/models/", null));
    assertEquals("model URL \"https://example.com/models/\" does not end in a usable file name", e.getMessage());
  }

  private ModelResolver resolver(List<String> mirrors) {
    return new ModelResolver(cache, mirrors, Duration.ofSeconds(5));
  }

  private String serverUrl(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A URL on a local port nothing listens on: fails at once, like a machine without internet. */
  private static String unreachableUrl() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return "http://127.0.0.1:" + port + "/models/" + NAME;
  }

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.toList();
    }
  }
}
