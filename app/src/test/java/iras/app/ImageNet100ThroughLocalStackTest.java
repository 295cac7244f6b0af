package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.cloud.Cloud;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import iras.core.job.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path over real HTTP, the real S3 and SQS protocols and two worker processes: all 100 images of the
 * course's set at once, each answer compared with in-process classification of the same file, and every result
 * accounted for in the workers' heartbeats.
 */
class ImageNet100ThroughLocalStackTest {
  @TempDir Path dataDir;

  @Test
  void everyConcurrentUploadGetsTheSameLabelAsInProcessClassification() throws Exception {
    List<Path> images = Reference.images(TestStack.IMAGENET_100);
    assertEquals(100, images.size());
    Map<String, String> expected = Reference.labels(TestStack.MODEL, images);

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
      for (int i = 0; i < images.size(); i++) {
        Path image = images.get(i);
        HttpResponse<String> r = calls.get(i).get(5, TimeUnit.MINUTES);
        assertEquals(200, r.statusCode(), r::body);
        assertEquals(Reference.baseName(image) + ":" + expected.get(image.getFileName().toString()), r.body(),
            "answer for " + image.getFileName());
      }
      assertEquals(Map.of("app-tier-instance-1", true, "app-tier-instance-2", true),
          heartbeatsAccountFor(stack, images.size()));
    }
  }

  /** Reads heartbeats until the instances' published counts add up to {@code jobs}; which instances reported idle. */
  private static Map<String, Boolean> heartbeatsAccountFor(LocalStack stack, int jobs) {
    Map<String, Long> published = new TreeMap<>();
    Map<String, Boolean> sawIdle = new TreeMap<>();
    try (Cloud cloud = Cloud.connect(stack.settings())) {
      MessageQueue heartbeats = cloud.queue(cloud.layout().heartbeatQueue());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (published.values().stream().mapToLong(Long::longValue).sum() < jobs && System.nanoTime() < deadline) {
        for (ReceivedMessage m : heartbeats.receive(10, Duration.ofSeconds(1))) {
          Heartbeat h = Json.read(m.body(), Heartbeat.class);
          published.merge(h.instance(), h.jobsDone(), Math::max);
          sawIdle.merge(h.instance(), h.state() == Heartbeat.State.IDLE, Boolean::logicalOr);
          heartbeats.delete(m);
        }
      }
    }
    assertEquals(jobs, published.values().stream().mapToLong(Long::longValue).sum(), published::toString);
    return sawIdle;
  }
}
