package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import iras.core.cloud.CloudLayout;
import iras.core.job.ImageJob;
import iras.core.job.Json;
import iras.model.WarmUp;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web tier against clients that mean harm or do it by accident, in the course's profile, on loopback. Each test
 * sees its attack refused, and after each one the service still answers another user's upload with a label.
 */
class HostileClientsIT {
  /** Long enough for a launch of the worker process on a loaded machine; a hang still ends the test. */
  private static final Duration ANSWER = Duration.ofSeconds(120);
  /** The attacked web tier's idle timeout in the slow-body case; the default is 30 s. */
  private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\(");

  @TempDir static Path dataDir;
  static LocalStack stack;
  static URI root;
  static final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  static final AtomicLong seeds = new AtomicLong(19);

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(TestStack.settings(dataDir, 1, TestStack.SMALL_MODEL).with(Map.of(
        "course", true,
        "controller.min-instances", 1,
        "local.warm-up-requests", 0)));
    root = URI.create("http://127.0.0.1:" + stack.web().port() + "/");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void othersAreStillServed() throws Exception {
    assertEquals(200, get("/healthz").statusCode());
    String name = "other-user-" + seeds.get();
    HttpResponse<String> answer = upload(name + ".jpg", freshJpeg());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().startsWith(name + ":"), answer.body());
  }

  @Test
  void traceIsRefused() throws Exception {
    HttpResponse<String> trace = http.send(HttpRequest.newBuilder(root).method("TRACE", HttpRequest.BodyPublishers.noBody())
        .header("X-Secret-Cookie", "sesame").timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, trace.statusCode());
    assertFalse(trace.body().contains("sesame"), "TRACE echoed the request: " + trace.body());
  }

  @Test
  void noAnswerNamesTheServerVersion() throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>(List.of(
        get("/"), get("/healthz"), get("/no-such-page"), get("/api/images/no-such-job"),
        http.send(HttpRequest.newBuilder(root).DELETE().timeout(ANSWER).build(), HttpResponse.BodyHandlers.ofString()),
        http.send(HttpRequest.newBuilder(root).header("Content-Type", "multipart/form-data; boundary=x")
            .POST(HttpRequest.BodyPublishers.ofString("--x\r\nbroken")).timeout(ANSWER).build(),
            HttpResponse.BodyHandlers.ofString())));
    for (HttpResponse<String> answer : answers) {
      assertTrue(answer.headers().firstValue("Server").isEmpty(), answer.uri() + " " + answer.headers());
      assertTrue(answer.headers().firstValue("X-Powered-By").isEmpty(), answer.uri() + " " + answer.headers());
      assertNamesNoServer(answer.uri() + " (" + answer.statusCode() + ")", answer.body());
    }
    // Requests no servlet sees: Jetty answers them itself.
    for (String request : List.of("GET / HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", "BREW / HTTP/9.9\r\n\r\n")) {
      String raw = rawExchange(request);
      assertTrue(raw.startsWith("HTTP/1.1 4") || raw.startsWith("HTTP/1.1 505"), raw);
      assertFalse(raw.toLowerCase().contains("\nserver:"), raw);
      assertNamesNoServer(request.substring(0, 10), raw);
    }
  }

  @Test
  void httpIsRedirectedToHttps() throws Exception {
    try (EmbeddedWeb tls = EmbeddedWeb.start(stack.settings().with(Map.of(
        "web.port", 0, "web.tls.port", 0, "web.tls.certificate", "self-signed")))) {
      int httpsPort = tls.httpsPort().orElseThrow();
      HttpResponse<String> redirected = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + tls.port() + "/healthz?x=1")).timeout(ANSWER).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(308, redirected.statusCode());
      assertEquals("https://127.0.0.1:" + httpsPort + "/healthz?x=1",
          redirected.headers().firstValue("Location").orElseThrow());

      RecordingTrust trust = new RecordingTrust();
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, new TrustManager[] {trust}, new SecureRandom());
      HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> health = https.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + httpsPort + "/healthz")).timeout(ANSWER).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
      assertEquals("max-age=31536000", health.headers().firstValue("Strict-Transport-Security").orElseThrow());
      assertTrue(trust.shown.getSubjectX500Principal().getName().contains("CN=localhost"));
      assertTrue(health.headers().firstValue("Server").isEmpty());
    }
  }

  /**
   * 250 uploads that keep sending a byte every 2 s, far below the least rate a body must arrive at: the server
   * answers each 408 while its sender still drips, long before the 30 s idle timeout would end it, and meanwhile the
   * health check and another user's upload are answered, and an upload accepted before the attack gets its label.
   * The attacked web tier is a second one on the stack's cloud, so the attack's connections stay its own.
   */
  @Test
  void slowBodiesDoNotStarveOtherUsers() throws Exception {
    try (EmbeddedWeb attacked = EmbeddedWeb.start(stack.settings().with("web.port", 0))) {
      URI target = URI.create("http://127.0.0.1:" + attacked.port() + "/");
      HttpClient client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      CompletableFuture<HttpResponse<String>> acceptedBefore =
          uploadAsync(client, target, "before-the-attack.jpg", freshJpeg());
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 250; i++) {
          Socket socket = new Socket("127.0.0.1", attacked.port());
          socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n"
              + "--slow\r\nContent-Disposition: form-data; name=\"inputFile\"; filename=\"slow" + i
              + ".jpg\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          slow.add(socket);
        }
        Thread dripping = new Thread(() -> drip(slow), "slow-client");
        dripping.start();
        try {
          Thread.sleep(3_000);
          assertEquals(200, get(client, target, "/healthz").statusCode());
          String name = "during-the-attack-" + seeds.get();
          HttpResponse<String> during = upload(client, target, name + ".jpg", freshJpeg());
          assertEquals(200, during.statusCode(), during.body());
          assertTrue(during.body().startsWith(name + ":"), during.body());
          List<String> notRefused = new ArrayList<>();
          // Well within the idle timeout: an answer by then is the rate's doing.
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          for (Socket socket : slow) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            String answer = readAnswer(socket.getInputStream());
            if (!answer.startsWith("HTTP/1.1 408")) {
              notRefused.add(answer);
            }
          }
          assertEquals(List.of(), notRefused, "every slow upload is answered 408 while its sender still sends");
        } finally {
          dripping.interrupt();
          dripping.join();
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
      HttpResponse<String> before = acceptedBefore.get(ANSWER.toSeconds(), TimeUnit.SECONDS);
      assertEquals(200, before.statusCode(), before.body());
      assertTrue(before.body().startsWith("before-the-attack:"), before.body());
    }
  }

  /**
   * A PNG of 20000x20000 pixels, deflated to a few hundred kilobytes, is refused with 422 before it is stored or
   * queued: nothing of it reaches the buckets or the queue.
   */
  @Test
  void aDecompressionBombIsRefusedBeforeQueueing() throws Exception {
    byte[] bomb = pngBomb(20_000, 20_000);
    CloudLayout layout = stack.clients().layout();
    int imagesBefore = stack.clients().store().keys(layout.imageBucket(), "").size();
    HttpResponse<String> refused = upload("bomb.png", bomb);
    assertEquals(422, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("20000x20000") && refused.body().contains("25000000"), refused.body());
    assertEquals(imagesBefore, stack.clients().store().keys(layout.imageBucket(), "").size());
    assertFalse(stack.clients().store().exists(layout.inputBucket(), "bomb.png"));
  }

  /**
   * Course-profile names whose object keys S3 or a file system cannot hold ({@code ..jpg} answers under {@code .},
   * 400 accented letters are 800 bytes) are stored under a safe name and answered at once.
   */
  @Test
  void aDotDotFileNameNeverHoldsAWorker() throws Exception {
    String accented = "\u00e9".repeat(400);
    for (String name : List.of("..jpg", "...jpg", ".", accented + ".jpg")) {
      HttpResponse<String> answer = upload(name, freshJpeg());
      assertEquals(200, answer.statusCode(), name + ": " + answer.body());
      String stem = answer.body().substring(0, answer.body().lastIndexOf(':'));
      assertTrue(stem.equals("upload") || stem.startsWith("\u00e9"), answer.body());
      assertTrue(stem.getBytes(StandardCharsets.UTF_8).length <= 200, stem);
      assertTrue(stack.clients().store().exists(stack.clients().layout().outputBucket(), stem), stem);
    }
  }

  /**
   * A job from elsewhere than this web tier (an older one, a script on the queue) whose course object the store
   * cannot hold: its worker gives that object up after a short wait and stores the job's result, instead of
   * retrying for minutes while other users wait.
   */
  @Test
  void aNameTheStoreRefusesFailsAtOnceInsteadOfRetrying() throws Exception {
    String id = java.util.UUID.randomUUID().toString();
    String name = "\u00e9".repeat(200) + ".jpg";
    CloudLayout layout = stack.clients().layout();
    ImageJob job = new ImageJob(id, name, layout.imageBucket(), CloudLayout.imageKey(id), Instant.now());
    stack.clients().store().put(job.bucket(), job.key(), freshJpeg(), "image/jpeg", job.imageMetadata());
    stack.clients().requests().send(Json.write(job));
    // The course object alone was retried for 5 minutes, three times over; the bound here is far below that. The
    // request leaves the queue only once its worker is done with it.
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (!(stack.clients().results().find(id).isPresent() && requestsUnderWay() == 0)
        && Instant.now().isBefore(until)) {
      Thread.sleep(250);
    }
    assertEquals(0, requestsUnderWay(), "the request is still held");
    String result = stack.clients().results().find(id).orElseThrow(() -> new AssertionError("no result by " + until));
    assertTrue(result.contains("\"label\""), result);
    assertEquals(List.of(), stack.clients().store().keys(layout.outputBucket(), job.baseName()));
  }

  private static int requestsUnderWay() {
    return stack.clients().requests().depth().total();
  }

  private static void assertNamesNoServer(String what, String body) {
    assertFalse(body.toLowerCase().contains("jetty"), what + " names the server: " + body);
    assertFalse(body.contains("12.1."), what + " names a version: " + body);
    assertFalse(STACK_FRAME.matcher(body).find(), what + " shows a stack trace: " + body);
  }

  /** Writes one byte to every socket every 2 s, as a client on a very slow link would, until interrupted. */
  private static void drip(List<Socket> sockets) {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (Socket socket : sockets) {
          try {
            socket.getOutputStream().write('x');
          } catch (IOException closedByTheServer) {
            // Cut off: the attack on this connection is over.
          }
        }
        Thread.sleep(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The server's answer on a connection it ends, or empty when it closed without one. */
  private static String readAnswer(InputStream in) throws IOException {
    try {
      return new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException stillOpen) {
      return "still open";
    } catch (IOException reset) {
      return "";
    }
  }

  private static String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", stack.web().port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] freshJpeg() {
    return WarmUp.syntheticJpeg(160, 120, seeds.incrementAndGet());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return get(http, root, path);
  }

  private static HttpResponse<String> get(HttpClient client, URI web, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(web.resolve(path)).timeout(ANSWER).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> upload(String name, byte[] bytes) throws Exception {
    return upload(http, root, name, bytes);
  }

  private static HttpResponse<String> upload(HttpClient client, URI web, String name, byte[] bytes)
      throws Exception {
    return uploadAsync(client, web, name, bytes).get(ANSWER.toSeconds() + 5, TimeUnit.SECONDS);
  }

  private static CompletableFuture<HttpResponse<String>> uploadAsync(HttpClient client, URI web, String name,
      byte[] bytes) {
    HttpRequest request = HttpRequest.newBuilder(new Multipart().file("inputFile", name, "image/jpeg", bytes)
        .post(web), (n, v) -> true).timeout(ANSWER).build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A greyscale PNG of {@code width x height} zero pixels: a megabyte or less that inflates to width x height. */
  private static byte[] pngBomb(int width, int height) throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    DataOutputStream h = new DataOutputStream(header);
    h.writeInt(width);
    h.writeInt(height);
    h.write(new byte[] {8, 0, 0, 0, 0});
    chunk(png, "IHDR", header.toByteArray());
    chunk(png, "IDAT", zeroRows(width + 1, height));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /**
   * The zlib stream of {@code rows} rows of {@code rowBytes} zero bytes. Deflating all of it (400 MB for the bomb)
   * took seconds of CPU each run, so a thousand rows are deflated once, flushed to a byte boundary, and repeated:
   * after zeros, each copy still decodes to zeros.
   */
  private static byte[] zeroRows(int rowBytes, int rows) {
    int rowsPerCopy = 1000;
    if (rows % rowsPerCopy != 0) {
      throw new IllegalArgumentException(rows + " rows are not whole copies of " + rowsPerCopy);
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[rowBytes * rowsPerCopy]);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
      copy.write(buffer, 0, n);
    } while (n == buffer.length);
    deflater.end();
    ByteArrayOutputStream zlib = new ByteArrayOutputStream();
    zlib.write(0x78);
    zlib.write(0xDA);
    for (int i = 0; i < rows / rowsPerCopy; i++) {
      zlib.writeBytes(copy.toByteArray());
    }
    // An empty final block with fixed codes, then the Adler-32 of n zero bytes: sum A stays 1, sum B is n.
    zlib.write(0x03);
    zlib.write(0x00);
    long adler = ((long) rowBytes * rows % 65521) << 16 | 1;
    for (int shift = 24; shift >= 0; shift -= 8) {
      zlib.write((int) (adler >>> shift));
    }
    return zlib.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
    DataOutputStream out = new DataOutputStream(png);
    out.writeInt(data.length);
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }

  /** Accepts the server's certificate, which a self-signed trial's is, and keeps it to be looked at. */
  private static final class RecordingTrust implements X509TrustManager {
    volatile X509Certificate shown;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("no client certificates here");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      shown = chain[0];
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
