package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.faces.FacesImport;
import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads the service must refuse at once with the right 4xx and a message a person can act on, never a hang, and
 * after each of which it keeps serving. No workers run: a refused upload must not need one.
 */
class BadUploadIT {
  @TempDir static Path dataDir;
  static LocalStack stack;
  static URI root;
  static final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  static byte[] jpeg;
  static byte[] png;
  static byte[] gif;
  static byte[] bmp;
  static byte[] tinyPng;

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(dataDir, 0);
    root = URI.create("http://localhost:" + stack.web().port() + "/");
    jpeg = Files.readAllBytes(TestStack.PHOTOS.resolve("eagle.jpg"));
    bmp = Files.readAllBytes(TestStack.PHOTOS.resolve("cat.bmp"));
    BufferedImage cat = ImageIO.read(TestStack.PHOTOS.resolve("cat.bmp").toFile());
    png = encode(cat, "png");
    gif = encode(cat, "gif");
    tinyPng = encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @AfterEach
  void theServerKeepsServing() throws Exception {
    assertEquals(200, send(HttpRequest.newBuilder(root.resolve("/healthz")).GET().build()).statusCode());
    assertEquals(200, send(HttpRequest.newBuilder(root).GET().build()).statusCode());
  }

  record Case(String name, Function<URI, HttpRequest> request, int status, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        new Case("empty file to POST /", u -> course("inputFile", "empty.jpg", new byte[0]).post(u), 400,
            "'empty.jpg' is empty"),
        new Case("empty file to the API", u -> api("empty.jpg", new byte[0]).post(api(u)), 400,
            "'empty.jpg' is empty"),
        new Case("truncated JPEG", u -> course("inputFile", "half.jpg", half(jpeg)).post(u), 400,
            "'half.jpg' starts like a JPEG but it is cut off"),
        new Case("truncated PNG", u -> api("half.png", half(png)).post(api(u)), 400,
            "'half.png' starts like a PNG but it is cut off"),
        new Case("truncated GIF", u -> api("half.gif", half(gif)).post(api(u)), 400,
            "'half.gif' starts like a GIF but it is cut off"),
        new Case("BMP header without pixels", u -> api("head.bmp", Arrays.copyOf(bmp, 54)).post(api(u)), 400,
            "'head.bmp' starts like a BMP but it is cut off"),
        new Case("text renamed .jpg", u -> course("inputFile", "notes.jpg", text("just some notes")).post(u), 415,
            "'notes.jpg' is not an image this service reads: send a JPEG, PNG, BMP or GIF"),
        new Case("50 MB file to POST /", u -> course("inputFile", "huge.jpg", huge()).post(u), 413,
            "larger than the limit of 10 MB per image"),
        new Case("50 MB file to the API", u -> api("huge.jpg", huge()).post(api(u)), 413,
            "'huge.jpg' is 50 MB; the limit is 10 MB per image"),
        new Case("0 files to POST /", u -> new Multipart().field("comment", "forgot the file").post(u), 400,
            "send the image in the multipart field 'inputFile'"),
        new Case("0 files to the API", u -> new Multipart().field("comment", "forgot").post(api(u)), 400,
            "No file found in the request"),
        new Case("500 files", u -> manyFiles(500).post(api(u)), 413, "has 500 files; send at most 100"),
        new Case("path traversal in the name", u -> course("inputFile", "../../etc/passwd.jpg", text("root:x:0:0"))
            .post(u), 415, "The file 'passwd.jpg' is not an image"),
        new Case("markup in the name", u -> api("<img src=x onerror=alert(1)>.jpg", text("x")).post(api(u)), 415,
            "'<img src=x onerror=alert(1)>.jpg' is not an image"),
        new Case("JSON instead of multipart", u -> HttpRequest.newBuilder(u).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"image\":\"cat.jpg\"}")).build(), 415,
            "application/json, not multipart/form-data"),
        new Case("raw image body to the API", u -> HttpRequest.newBuilder(api(u)).header("Content-Type", "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), 415, "image/jpeg, not multipart/form-data"),
        new Case("no content type", u -> HttpRequest.newBuilder(u)
            .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), 415, "without a content type"),
        new Case("broken multipart framing", u -> HttpRequest.newBuilder(u)
            .header("Content-Type", "multipart/form-data; boundary=xyz")
            .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"inputFile\"; "
                + "filename=\"a.jpg\"\r\n\r\nno closing boundary")).build(), 400, "could not be read"),
        new Case("two files to POST /", u -> course("inputFile", "a.jpg", jpeg).file("inputFile", "b.jpg",
            "image/jpeg", jpeg).post(u), 400, "POST / takes one image; this request has 2"),
        new Case("file in an unknown field of POST /", u -> course("image", "a.jpg", jpeg).post(u), 400,
            "multipart field 'inputFile'"),
        new Case("a job id that is not one", u -> get(u.resolve("/api/images/not-a-job")), 400, "is not a job id"),
        new Case("a job nobody submitted", u -> get(u.resolve("/api/images/" + UUID.randomUUID())), 404,
            "no job with this id"),
        new Case("too many ids at once", u -> get(u.resolve("/api/images?ids=" + IntStream.range(0, 201)
            .mapToObj(i -> UUID.randomUUID().toString()).collect(Collectors.joining(",")))), 400,
            "at most 200 jobs"),
        new Case("POST to a job's address", u -> api("a.jpg", jpeg).post(u.resolve("/api/images/" + UUID.randomUUID())),
            405, "a job's own address only answers GET"),
        new Case("an enrolment where the model names what images show", u -> TestStack.asAdmin(stack,
            new Multipart().field("name", "Paul").file("image", "paul.jpg", "image/jpeg", jpeg)
                .post(u.resolve("/api/faces"))), 409,
            "does not recognise faces, so no one can be enrolled: run the service with IRAS_MODEL=face"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void isRefusedWithTheRightStatusAndAReadableMessage(Case c) throws Exception {
    HttpResponse<String> r = send(c.request().apply(root));
    assertEquals(c.status(), r.statusCode(), r::body);
    assertTrue(r.body().contains(c.says()), r.body());
    assertFalse(r.body().contains("Exception"), r.body());
    String type = r.headers().firstValue("Content-Type").orElse("");
    assertTrue(type.startsWith("text/plain") || type.startsWith("application/json"), type);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
  }

  /**
   * A refusal decided before the body is read reaches a client that sends its whole body before it reads (as Java's
   * and Python's clients do). Closing with the body still arriving resets the connection and loses the answer: that
   * happened to about one such request in eight, so a few hundred tries show it.
   */
  @Test
  void aRefusalReachesAClientThatIsStillSendingItsBody() throws Exception {
    URI jobAddress = root.resolve("/api/images/" + UUID.randomUUID());
    for (int i = 0; i < 200; i++) {
      assertEquals(405, send(api("a.jpg", jpeg).post(jobAddress)).statusCode());
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(413, send(course("inputFile", "huge.jpg", huge()).post(root)).statusCode());
    }
  }

  /** Importing the course's people into a deployment that cannot enrol says why once, not once per image. */
  @Test
  void importingFacesWhereTheModelNamesWhatImagesShowGivesOneReasonForAllImages() throws Exception {
    Path faces = TestStack.FACES_100.getParent();
    FacesImport.Summary s = FacesImport.run(root, Optional.of(stack.adminKey()), faces.resolve("results.csv"),
        faces.resolve("images"), 8, Duration.ofSeconds(30), new PrintStream(OutputStream.nullOutputStream()));
    assertEquals(0, s.enrolled());
    assertEquals(1, s.notEnrolled().size(), s.notEnrolled()::toString);
    Map.Entry<String, List<String>> why = s.notEnrolled().entrySet().iterator().next();
    assertTrue(why.getKey().startsWith("409 ") && why.getKey().contains("run the service with IRAS_MODEL=face"),
        why.getKey());
    assertTrue(why.getKey().contains("model (mobilenet_v2_1.0_224_quant.tflite)"), "named, without the server's path: "
        + why.getKey());
    assertEquals(s.images(), why.getValue().size());
  }

  @Test
  void namesAreCleanedBeforeTheyAreStoredOrAnswered() throws Exception {
    String longName = "x".repeat(5000) + ".png";
    HttpResponse<String> r = send(new Multipart()
        .file("file", "..\\..\\windows\\evil.png", "image/png", png)
        .file("file", "invoice\u202Egpj.png", "image/png", png)
        .file("file", longName, "image/png", png)
        .post(api(root)));
    assertEquals(202, r.statusCode(), r::body);
    assertTrue(r.body().contains("\"name\":\"evil.png\""), r.body());
    assertTrue(r.body().contains("\"name\":\"invoicegpj.png\""), r.body());
    assertTrue(r.body().contains("\"name\":\"" + "x".repeat(196) + ".png\""), r.body());
  }

  @Test
  void aFullBacklogAnswers503WithRetryAfterInsteadOfQueueingMore() throws Exception {
    try (EmbeddedWeb small = EmbeddedWeb.start(stack.settings().with("web.max-backlog", 2))) {
      URI smallRoot = URI.create("http://localhost:" + small.port() + "/");
      HttpResponse<String> three = send(manyFiles(3).post(api(smallRoot)));
      assertEquals(503, three.statusCode(), three::body);
      assertTrue(three.body().contains("busy"), three.body());
      assertEquals("5", three.headers().firstValue("Retry-After").orElse(""));

      assertEquals(202, send(manyFiles(2).post(api(smallRoot))).statusCode());
      HttpResponse<String> course = send(course("inputFile", "one.png", png).post(smallRoot));
      assertEquals(503, course.statusCode(), course::body);
      assertEquals("5", course.headers().firstValue("Retry-After").orElse(""));
      assertEquals(200, send(HttpRequest.newBuilder(smallRoot.resolve("/healthz")).GET().build()).statusCode());
    }
  }

  @Test
  void aWaitPastTheLimitEndsIn504NamingTheKeptJob() throws Exception {
    // Longer than the connection idle timeout, which must not cut a waiting client off first; both shortened from
    // their defaults (30 s idle) so the case waits seconds, not half a minute.
    Duration idle = Duration.ofSeconds(3);
    Duration limit = Duration.ofSeconds(5);
    try (EmbeddedWeb impatient = EmbeddedWeb.start(stack.settings().with(Map.of(
        "web.idle-timeout", idle.toSeconds() + "s", "web.result-timeout", limit.toSeconds() + "s")))) {
      URI impatientRoot = URI.create("http://localhost:" + impatient.port() + "/");
      long start = System.nanoTime();
      HttpResponse<String> r = send(course("inputFile", "cat.png", png).post(impatientRoot));
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(504, r.statusCode(), r::body);
      assertTrue(waitedMs >= limit.toMillis(), "answered after " + waitedMs + " ms");
      Matcher job = Pattern.compile("the job ([0-9a-f-]{36}) stays queued").matcher(r.body());
      assertTrue(job.find(), r.body());
      HttpResponse<String> status = send(get(impatientRoot.resolve("/api/images/" + job.group(1))));
      assertEquals(200, status.statusCode(), status::body);
      assertTrue(status.body().contains("\"status\":\"pending\""), status.body());
    }
  }

  private static Multipart course(String field, String name, byte[] bytes) {
    return new Multipart().file(field, name, "image/jpeg", bytes);
  }

  private static Multipart api(String name, byte[] bytes) {
    return new Multipart().file("file", name, "application/octet-stream", bytes);
  }

  private static Multipart manyFiles(int n) {
    Multipart m = new Multipart();
    for (int i = 0; i < n; i++) {
      m.file("file", "f" + i + ".png", "image/png", tinyPng);
    }
    return m;
  }

  private static URI api(URI root) {
    return root.resolve("/api/images");
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).GET().build();
  }

  private static byte[] half(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length / 2);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** 50 MB that start like a JPEG, so only the size gives them away. */
  private static byte[] huge() {
    byte[] bytes = new byte[50 * 1024 * 1024];
    System.arraycopy(jpeg, 0, bytes, 0, 64);
    return bytes;
  }

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), format);
    return out.toByteArray();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
