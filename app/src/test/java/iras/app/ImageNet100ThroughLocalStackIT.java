package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.app.local.LocalCommand.LocalStack;
import iras.controller.status.FleetStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path over real HTTP, the real S3 and SQS protocols and up to two worker processes: all 100 images of
 * the course's set at once, each answer compared with in-process classification of the same file, and every result
 * accounted for in the workers' heartbeats as the controller counts them.
 */
class ImageNet100ThroughLocalStackIT {
  @TempDir Path dataDir;

  @Test
  void everyConcurrentUploadGetsTheSameLabelAsInProcessClassification() throws Exception {
    List<Path> images = Reference.images(TestStack.IMAGENET_100);
    assertEquals(100, images.size());
    Reference.Pending labels = Reference.labelsMeanwhile(TestStack.MODEL, images);

    try (LocalStack stack = TestStack.start(dataDir, 2)) {
      Map<String, String> expected = labels.get();
      URI uri = URI.create("http://localhost:" + stack.web().port() + "/");
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (Path image : images) {
        calls.add(http.sendAsync(
            new Multipart().file("inputFile", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image))
                .post(uri),
            HttpResponse.BodyHandlers.ofString()));
      }
      for (int i = 0; i < images.size(); i++) {
        Path image = images.get(i);
        HttpResponse<String> r = calls.get(i).get(5, TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), r::body);
        assertEquals(Reference.baseName(image) + ":" + expected.get(image.getFileName().toString()), r.body(),
            "answer for " + image.getFileName());
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
}
