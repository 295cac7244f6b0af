package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.controller.status.FleetStatus;
import iras.worker.WorkerModels;
import iras.worker.model.ImageClassifier;
import iras.worker.model.Prediction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path over real HTTP, the real S3 and SQS protocols and up to two worker processes: all 100 images of
 * the course's set at once, each answer compared with in-process classification of the same file, and every result
 * accounted for in the workers' heartbeats as the controller counts them.
 */
class ImageNet100ThroughLocalStackTest {
  @TempDir Path dataDir;

  @Test
  void everyConcurrentUploadGetsTheSameLabelAsInProcessClassification() throws Exception {
    List<Path> images;
    try (Stream<Path> files = Files.list(TestStack.IMAGENET_100)) {
      images = files.sorted().toList();
    }
    assertEquals(100, images.size());
    Map<String, String> expected = referenceLabels(images);

    try (LocalStack stack = TestStack.start(dataDir, 2)) {
      URI uri = URI.create("http://localhost:" + stack.web().port() + "/");
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (Path image : images) {
        calls.add(http.sendAsync(
            new Multipart().file("inputFile", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image))
                .post(uri),
            HttpResponse.BodyHandlers.ofString()));
      }
      Map<String, String> answered = new LinkedHashMap<>();
      for (int i = 0; i < images.size(); i++) {
        HttpResponse<String> r = calls.get(i).get(5, TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), () -> r.body());
        answered.put(baseName(images.get(i)), r.body());
      }
      for (Path image : images) {
        String name = baseName(image);
        assertEquals(name + ":" + expected.get(name), answered.get(name), "answer for " + image.getFileName());
      }
      heartbeatsAccountFor(stack, images.size());
    }
  }

  /** Waits until the controller's count of published results (from the workers' heartbeats) reaches {@code jobs}. */
  private static void heartbeatsAccountFor(LocalStack stack, int jobs) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FleetStatus status = stack.autoscaler().status().toCompletableFuture().get();
    while (status.jobsDone() < jobs && System.nanoTime() < deadline) {
      Thread.sleep(200);
      status = stack.autoscaler().status().toCompletableFuture().get();
    }
    assertEquals(jobs, status.jobsDone(), status::toString);
  }

  private static Map<String, String> referenceLabels(List<Path> images) throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    try (ImageClassifier model = WorkerModels.load(TestStack.settings(Path.of("unused"), 0))) {
      for (Path image : images) {
        Prediction p = model.classify(List.of(Files.readAllBytes(image))).get(0);
        assertTrue(p.error() == null, () -> image + ": " + p.error());
        labels.put(baseName(image), p.best().label());
      }
    }
    return labels;
  }

  private static String baseName(Path image) {
    String name = image.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }
}
