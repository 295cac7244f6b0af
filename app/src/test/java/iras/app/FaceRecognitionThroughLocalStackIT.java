package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.faces.FacesImport;
import iras.app.local.LocalCommand.LocalStack;
import iras.core.job.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The acceptance run as a test: a stack with the face model, the course's 100 labelled faces enrolled through
 * the import command's code, then the course's 1000 faces through {@code iras load} against the course's CSV
 * ({@code -Diras.face-requests=N} sends the first N instead, for a quicker run by hand).
 */
class FaceRecognitionThroughLocalStackIT {
  static final Path FACES_100_CSV = TestStack.FACES_100.getParent().resolve("results.csv");
  static final Path FACES_1000_CSV = TestStack.FACES_1000.getParent().resolve("results.csv");
  static final int REQUESTS = Integer.getInteger("iras.face-requests", 1000);
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;
  @TempDir Path out;

  @Test
  void theHundredEnrolledThenTheThousandAnsweredWithTheRightName() throws Exception {
    try (LocalStack stack = TestStack.start(TestStack.faceSettings(dataDir, 2))) {
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      FacesImport.Summary enrolled =
          FacesImport.run(root, Optional.of(stack.adminKey()), FACES_100_CSV, TestStack.FACES_100, 16,
              Duration.ofMinutes(5), System.out);
      assertEquals(Map.of(), enrolled.notEnrolled());
      assertEquals(100, enrolled.enrolled());
      JsonNode people = Json.read(http.send(TestStack.asAdmin(stack,
          HttpRequest.newBuilder(root.resolve("/api/faces"))), HttpResponse.BodyHandlers.ofString()).body(),
          JsonNode.class);
      assertEquals(8, people.path("people").size(), people::toString);
      // Each worker re-reads the gallery when its copy is a second old: then all see every enrolment.
      Thread.sleep(1500);

      JsonNode report = load(root);
      assertEquals(REQUESTS, report.path("answered").asInt(), report::toString);
      assertEquals(REQUESTS, report.path("correct").asInt(), report::toString);

      HttpResponse<String> paul = http.send(new Multipart()
          .file("inputFile", "test_00.jpg", "image/jpeg", Files.readAllBytes(TestStack.FACES_100.resolve("test_00.jpg")))
          .post(root), HttpResponse.BodyHandlers.ofString());
      assertEquals("test_00:Paul", paul.body());
      JsonNode result = get(root.resolve(paul.headers().firstValue("Content-Location").orElseThrow()));
      JsonNode face = result.path("face");
      assertEquals("Paul", result.path("label").asString(), result::toString);
      assertTrue(face.path("distance").asDouble() < face.path("runnerUpDistance").asDouble(), result::toString);
      assertNotEquals("Paul", face.path("runnerUp").asString());
      assertFalse(face.path("gallery").asString().isEmpty(), "the gallery version is recorded");
      HttpResponse<String> paulAgain = http.send(new Multipart()
          .file("inputFile", "again.jpg", "image/jpeg", Files.readAllBytes(TestStack.FACES_100.resolve("test_00.jpg")))
          .post(root), HttpResponse.BodyHandlers.ofString());
      assertEquals("again:Paul", paulAgain.body());
      JsonNode reused = get(root.resolve(paulAgain.headers().firstValue("Content-Location").orElseThrow()));
      assertTrue(reused.path("cached").asBoolean(), reused::toString);
      assertEquals(face, reused.path("face"), "the same match, against the same gallery");

      // Two faces in one picture: both named in the answer, the label the more prominent one's.
      byte[] both = TestStack.twoFaces(TestStack.FACES_100.resolve("test_00.jpg"),
          TestStack.FACES_100.resolve("test_01.jpg"));
      HttpResponse<String> pair = http.send(new Multipart().file("inputFile", "both.png", "image/png", both)
          .post(root), HttpResponse.BodyHandlers.ofString());
      JsonNode pairResult = get(root.resolve(pair.headers().firstValue("Content-Location").orElseThrow()));
      JsonNode faces = pairResult.path("face").path("faces");
      assertEquals(2, faces.size(), pairResult::toString);
      assertEquals(Set.of("Paul", "Emily"), new HashSet<>(List.of(faces.get(0).path("name").asString(),
          faces.get(1).path("name").asString())), pairResult::toString);
      assertEquals(faces.get(0).path("name").asString(), pairResult.path("label").asString());
      // Enrolled, the picture's larger face is taken, and the answer says so.
      HttpResponse<String> enrolPair = http.send(TestStack.asAdmin(stack, new Multipart().field("name", "Pair")
          .file("image", "both.png", "image/png", both).post(root.resolve("/api/faces"))),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, enrolPair.statusCode(), enrolPair.body());
      JsonNode outcome = Json.read(enrolPair.body(), JsonNode.class).path("images").path(0);
      assertEquals(2, outcome.path("faces").asInt(), enrolPair.body());
      assertTrue(outcome.path("note").asString().startsWith("2 faces were found; the largest"), enrolPair.body());

      String paulsId = StreamSupport.stream(people.path("people").spliterator(), false)
          .filter(p -> p.path("name").asString().equals("Paul")).findFirst().orElseThrow().path("id").asString();
      HttpResponse<String> removed = http.send(TestStack.asAdmin(stack,
          HttpRequest.newBuilder(root.resolve("/api/faces/" + paulsId)).DELETE()), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, removed.statusCode(), removed.body());
      assertEquals(10, Json.read(removed.body(), JsonNode.class).path("images").asInt());
      Thread.sleep(1500);
      HttpResponse<String> noPaul = http.send(new Multipart()
          .file("inputFile", "test_00.jpg", "image/jpeg", Files.readAllBytes(TestStack.FACES_100.resolve("test_00.jpg")))
          .post(root), HttpResponse.BodyHandlers.ofString());
      assertTrue(noPaul.body().startsWith("test_00:") && !noPaul.body().equals("test_00:Paul"), noPaul.body());
      JsonNode afresh = get(root.resolve(noPaul.headers().firstValue("Content-Location").orElseThrow()));
      assertNotEquals(face.path("gallery").asString(), afresh.path("face").path("gallery").asString(),
          "a new gallery version without a restart");
      assertFalse(afresh.path("cached").asBoolean(), "an answer of the old gallery is not given again");
    }
  }

  private JsonNode load(URI root) throws Exception {
    Path report = out.resolve("report.json");
    StringWriter printed = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(printed, true)).execute("load", "--url", root.toString(),
        "--images", TestStack.FACES_1000.toString(), "--expected", FACES_1000_CSV.toString(),
        "--report", report.toString(), "-n", Integer.toString(REQUESTS));
    System.out.println(printed);
    assertEquals(0, exit, printed::toString);
    return Json.read(Files.readString(report), JsonNode.class);
  }

  private static JsonNode get(URI uri) throws Exception {
    return Json.read(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
        .body(), JsonNode.class);
  }
}
