package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.local.StartupWarmUp;
import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.controller.status.FleetStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up {@code iras local} runs before it announces itself, against a real stack with real worker processes:
 * every synthetic image is answered through the whole path, none of them is left in the buckets, the fleet is back
 * at rest when it returns, and the service then answers a real upload, whose objects are kept.
 */
class StartupWarmUpIT {
  @TempDir Path dataDir;

  @Test
  void warmUpRequestsAreAnsweredThenRemovedAndTheFleetIsBackAtRest() throws Exception {
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 2, TestStack.SMALL_MODEL))) {
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      StartupWarmUp.Done done = StartupWarmUp.run(stack, 12, new PrintStream(progress, true));

      assertEquals(12, done.answered(), done.problem());
      assertEquals(12, done.removed().size());
      assertTrue(progress.toString().contains("12/12 done, 0 failed"), progress::toString);
      Cloud cloud = stack.clients();
      for (String id : done.removed()) {
        assertFalse(cloud.store().exists(cloud.layout().imageBucket(), CloudLayout.imageKey(id)), id);
        assertFalse(cloud.results().find(id).isPresent(), id);
      }
      FleetStatus rest = stack.autoscaler().status().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(0, rest.instances().size(), () -> "running after the warm-up: " + rest.instances());

      Path cat = TestStack.PHOTOS.resolve("cat.bmp");
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          new Multipart().file("inputFile", "cat.bmp", "image/bmp", Files.readAllBytes(cat))
              .post(URI.create("http://localhost:" + stack.web().port() + "/")),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().startsWith("cat:"), answer.body());
      String id = answer.headers().firstValue("Content-Location").orElseThrow().replace("/api/images/", "");
      assertTrue(cloud.store().exists(cloud.layout().imageBucket(), CloudLayout.imageKey(id)));
      assertTrue(cloud.results().find(id).isPresent());
    }
  }
}
