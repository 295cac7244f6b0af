package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.cloud.Cloud;
import iras.core.job.AnswerKey;
import iras.core.job.Guess;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** An image sent again is answered from the store, the same answer marked cached; a setting turns that off. */
class RepeatedImageIT {
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;

  @Test
  void anImageSentAgainUnderAnotherNameGetsTheSameAnswerWithoutInference() throws Exception {
    byte[] cat = Files.readAllBytes(TestStack.PHOTOS.resolve("cat.bmp"));
    try (LocalStack stack = TestStack.start(dataDir, 1)) {
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      HttpResponse<String> first = http.send(new Multipart().file("inputFile", "cat.bmp", "image/bmp", cat).post(root),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("cat:Egyptian cat", first.body());
      HttpResponse<String> again = http.send(new Multipart().file("inputFile", "kitty.bmp", "image/bmp", cat)
          .post(root), HttpResponse.BodyHandlers.ofString());
      assertEquals("kitty:Egyptian cat", again.body());

      JsonNode inferred = job(root, first);
      JsonNode reused = job(root, again);
      assertTrue(inferred.path("cached").isMissingNode(), inferred::toString);
      assertEquals("app-tier-instance-1", inferred.path("instance").asString());
      assertTrue(reused.path("cached").asBoolean(), reused::toString);
      assertEquals("kitty.bmp", reused.path("name").asString());
      assertTrue(reused.path("instance").isMissingNode(), "no instance ran it: " + reused);
      assertEquals(inferred.path("top5"), reused.path("top5"));
      assertEquals(inferred.path("model"), reused.path("model"));

      String metrics = http.send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/metrics"))),
          HttpResponse.BodyHandlers.ofString()).body();
      assertEquals(1.0, sample(metrics, "iras_stored_answers_total{outcome=\"hit\"}"));
      assertEquals(1.0, sample(metrics, "iras_stored_answers_total{outcome=\"miss\"}"));
    }
  }

  /**
   * Forty copies sent at once, before any answer is kept: the worker classifies the first and answers the others
   * from what it answered (or the web tier from the store), so exactly one answer is not marked cached.
   */
  @Test
  void copiesSentTogetherAreClassifiedOnce() throws Exception {
    byte[] cat = Files.readAllBytes(TestStack.PHOTOS.resolve("cat.bmp"));
    try (LocalStack stack = TestStack.start(dataDir, 1)) {
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      Multipart copies = new Multipart();
      for (int i = 0; i < 40; i++) {
        copies.file("file", "copy-" + i + ".bmp", "image/bmp", cat);
      }
      HttpResponse<String> accepted = http.send(copies.post(root.resolve("/api/images")),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(202, accepted.statusCode(), accepted.body());
      List<String> ids = new ArrayList<>();
      Json.read(accepted.body(), JsonNode.class).path("accepted").forEach(a -> ids.add(a.path("id").asString()));
      assertEquals(40, ids.size());
      URI statuses = root.resolve("/api/images?ids=" + String.join(",", ids));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      JsonNode images;
      do {
        Thread.sleep(200);
        images = Json.read(get(statuses), JsonNode.class).path("images");
      } while (!allDone(images) && System.nanoTime() < deadline);
      assertTrue(allDone(images), images::toString);
      int inferred = 0;
      for (JsonNode image : images) {
        assertEquals("Egyptian cat", image.path("label").asString(), image::toString);
        inferred += image.path("cached").asBoolean() ? 0 : 1;
      }
      assertEquals(1, inferred, "answers not given again: " + images);
    }
  }

  private static boolean allDone(JsonNode images) {
    for (JsonNode image : images) {
      if (!image.path("status").asString().equals("done")) {
        return false;
      }
    }
    return images.size() > 0;
  }

  /** No worker runs: with reuse off, an image whose answer is stored waits for one like any other. */
  @Test
  void withReuseOffAStoredAnswerIsNotGivenAgain() throws Exception {
    byte[] cat = Files.readAllBytes(TestStack.PHOTOS.resolve("cat.bmp"));
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 0).with("reuse-answers", false));
        Cloud reusing = Cloud.connect(stack.settings().with("reuse-answers", true))) {
      ImageJob earlier = new ImageJob("5d1c0e7a-8a43-4c54-9a3c-2f1f4f7d8a10", "cat.bmp", "b", "k", Instant.now());
      reusing.answers().store(AnswerKey.of(cat, AnswerKey.modelIdentity(stack.settings()), null),
          ImageResult.success(earlier, List.of(new Guess("Egyptian cat", 0.9)), "m", "app-tier-instance-1", 4));
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      HttpResponse<String> accepted = http.send(new Multipart().file("file", "cat.bmp", "image/bmp", cat)
          .post(root.resolve("/api/images")), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, accepted.statusCode(), accepted.body());
      String id = Json.read(accepted.body(), JsonNode.class).path("accepted").get(0).path("id").asString();
      JsonNode status = Json.read(get(root.resolve("/api/images/" + id)), JsonNode.class);
      assertEquals("pending", status.path("status").asString(), status::toString);
      String metrics = http.send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/metrics"))),
          HttpResponse.BodyHandlers.ofString()).body();
      assertEquals(0.0, sample(metrics, "iras_stored_answers_total{outcome=\"hit\"}"), "no lookup at all");
      assertEquals(0.0, sample(metrics, "iras_stored_answers_total{outcome=\"miss\"}"), "no lookup at all");
      assertEquals(1, stack.clients().requests().depth().visible(), "queued for a worker");
    }
  }

  private static JsonNode job(URI root, HttpResponse<String> answer) throws Exception {
    return Json.read(get(root.resolve(answer.headers().firstValue("Content-Location").orElseThrow())),
        JsonNode.class);
  }

  private static String get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double sample(String metrics, String series) {
    return PrometheusText.sample(metrics, series).orElseThrow(() -> new AssertionError(series + " in " + metrics));
  }
}
