package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.job.Json;
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
import tools.jackson.databind.JsonNode;

/**
 * What {@code /api/faces} refuses at once, with the right 4xx and a sentence a person can act on, before any worker
 * is involved: none runs here.
 */
class FacesApiIT {
  @TempDir static Path dataDir;
  static LocalStack stack;
  static URI faces;
  static final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  static byte[] face;

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(TestStack.faceSettings(dataDir, 0));
    faces = URI.create("http://localhost:" + stack.web().port() + "/api/faces");
    face = Files.readAllBytes(TestStack.FACES_100.resolve("test_00.jpg"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** As an admin, whom the gallery answers. */
  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(TestStack.asAdmin(stack, request), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static JsonNode refused(int status, HttpRequest request, String says) throws Exception {
    HttpResponse<String> response = send(request);
    assertEquals(status, response.statusCode(), response.body());
    JsonNode body = Json.read(response.body(), JsonNode.class);
    assertTrue(body.path("error").asString().contains(says), response.body());
    return body;
  }

  @Test
  void aNameMustBeGivenShortAndVisible() throws Exception {
    refused(400, new Multipart().file("image", "a.jpg", "image/jpeg", face).post(faces), "name is empty");
    refused(400, new Multipart().field("name", "   ").file("image", "a.jpg", "image/jpeg", face).post(faces),
        "name is empty");
    refused(400, new Multipart().field("name", "P".repeat(101)).file("image", "a.jpg", "image/jpeg", face)
        .post(faces), "101 characters long; use at most 100");
    refused(400, new Multipart().field("name", "Paul\tMcCartney").file("image", "a.jpg", "image/jpeg", face)
        .post(faces), "control or invisible");
    refused(400, new Multipart().field("name", "Paul\u202Egpj.exe").file("image", "a.jpg", "image/jpeg", face)
        .post(faces), "control or invisible");
  }

  @Test
  void imagesMustBeSentAndBeImages() throws Exception {
    refused(400, new Multipart().field("name", "Paul").post(faces), "No image found");
    JsonNode notImage = refused(415, new Multipart().field("name", "Zoë O'Brien-Smith Jr.")
        .file("image", "notes.txt", "image/jpeg", "just text".getBytes(StandardCharsets.UTF_8)).post(faces),
        "not an image this service reads");
    assertEquals("not-an-image", notImage.path("images").path(0).path("outcome").asString());
    assertEquals("Zoë O'Brien-Smith Jr.", notImage.path("person").path("name").asString(), "the name as sent");
    assertEquals(0, notImage.path("person").path("images").asInt());
    refused(415, HttpRequest.newBuilder(faces).POST(HttpRequest.BodyPublishers.ofString("name=Paul"))
        .header("Content-Type", "application/x-www-form-urlencoded").build(), "not multipart/form-data");
  }

  @Test
  void listingAndRemovingWhenNoOneIsEnrolled() throws Exception {
    HttpResponse<String> list = send(HttpRequest.newBuilder(faces).GET().build());
    assertEquals(200, list.statusCode());
    assertEquals("{\"people\":[]}", list.body());
    refused(404, HttpRequest.newBuilder(URI.create(faces + "/Tm8gT25l")).DELETE().build(),
        "No one with the id 'Tm8gT25l' is enrolled; GET /api/faces lists each person's id");
    refused(405, HttpRequest.newBuilder(faces).DELETE().build(), "DELETE /api/faces/<id>");
  }

  @Test
  void theUploadPageHasAPeopleSectionWithTheFaceModel() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(faces.resolve("/")).GET().build());
    assertTrue(page.body().contains("id=\"people\""), "People section shown");
  }
}
