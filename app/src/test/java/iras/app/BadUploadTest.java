package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads the service must refuse at once with a 400 and a message a person can act on, never a hang. */
class BadUploadTest {
  @TempDir static Path dataDir;
  static LocalStack stack;
  static URI root;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    // No workers: a refused upload must never reach the queue, so nothing would answer it.
    stack = TestStack.start(dataDir, 0);
    root = URI.create("http://localhost:" + stack.web().port() + "/");
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aTextFileNamedJpgIsRefused() throws Exception {
    HttpResponse<String> r = send(new Multipart()
        .file("inputFile", "notes.jpg", "image/jpeg", "just some text".getBytes(StandardCharsets.UTF_8)).post(root));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("'notes.jpg' is not an image"), r.body());
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    HttpResponse<String> r = send(new Multipart().file("inputFile", "empty.jpg", "image/jpeg", new byte[0]).post(root));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("'empty.jpg' is empty"), r.body());
  }

  @Test
  void aFormWithoutTheFileFieldIsRefused() throws Exception {
    HttpResponse<String> r = send(new Multipart().field("comment", "forgot the file").post(root));
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("'inputFile'"), r.body());
  }

  @Test
  void aBodyThatIsNotMultipartIsRefused() throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(root)
        .header("Content-Type", "image/jpeg")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(TestStack.PHOTOS.resolve("eagle.jpg"))))
        .build());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("multipart/form-data"), r.body());
  }

  @Test
  void theUploadPageAndHealthCheckAnswer() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(root).GET().build());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("name=\"inputFile\""), page.body());
    HttpResponse<String> health = send(HttpRequest.newBuilder(root.resolve("/healthz")).GET().build());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
