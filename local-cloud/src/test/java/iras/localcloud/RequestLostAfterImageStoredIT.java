package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageJob;
import iras.core.job.Json;
import iras.core.recovery.RecoverySweep;
import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault: a web tier stores an image and dies before it sends the request. The recovery sweep queues such jobs
 * again, as the image describes them, and nothing else: not a job with a result, not one whose request waits, not
 * one stored too recently; at most its bound per pass, and nothing twice.
 */
class RequestLostAfterImageStoredIT {
  private static final Duration MIN_AGE = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void jobsStoredButNeverQueuedAreQueuedAgainOnceEach() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "sweep");
    ActorSystem system = ActorSystem.create("sweep");
    try (LocalCloud local = LocalCloud.start(settings, system);
        Cloud cloud = Cloud.connect(local.clientSettings(settings))) {
      ImageJob lostA = store(cloud, "a", "chat noir é.jpg");
      ImageJob lostB = store(cloud, "b", "b.png");
      ImageJob answered = store(cloud, "c", "c.jpg");
      cloud.results().store(answered.id(), "{\"id\":\"c\",\"label\":\"cat\"}");
      ImageJob waiting = store(cloud, "d", "d.jpg");
      cloud.requests().send(Json.write(waiting));

      // The images are old enough for a clock a minute ahead, and too young for the real one.
      Clock later = Clock.offset(Clock.systemUTC(), MIN_AGE.plusMinutes(1));
      RecoverySweep sweep = new RecoverySweep(cloud, MIN_AGE, 1, later);
      assertEquals(List.of(), sweep.run(), "a request waits on the queue: no pass");
      finish(cloud, waiting.id());

      assertEquals(List.of(), new RecoverySweep(cloud, MIN_AGE, 1, Clock.systemUTC()).run(), "too young");

      Set<String> requeued = new HashSet<>(sweep.run());
      assertEquals(1, requeued.size(), "one per pass");
      assertEquals(List.of(), sweep.run(), "the requeued job is on the queue: nothing twice");
      ImageJob first = finish(cloud, requeued.iterator().next());
      requeued.addAll(sweep.run());
      assertEquals(Set.of(lostA.id(), lostB.id()), requeued);
      ImageJob second = finish(cloud, requeued.stream().filter(id -> !id.equals(first.id())).findFirst().get());
      ImageJob a = first.id().equals(lostA.id()) ? first : second;
      assertEquals(lostA, a, "queued again as it was first submitted");
      assertEquals(List.of(), sweep.run());
    } finally {
      system.terminate();
    }
  }

  private static ImageJob store(Cloud cloud, String id, String name) {
    ImageJob job = new ImageJob(id, name, cloud.layout().inputBucket(), CloudLayout.imageKey(id),
        Instant.parse("2025-06-01T12:00:00Z"));
    cloud.store().put(job.bucket(), job.key(), name.getBytes(StandardCharsets.UTF_8), "image/jpeg",
        job.imageMetadata());
    return job;
  }

  /** Does what a worker does with the one request on the queue; it must be {@code id}'s. */
  private static ImageJob finish(Cloud cloud, String id) {
    List<ReceivedMessage> got = cloud.requests().receive(10, Duration.ofSeconds(5));
    assertEquals(1, got.size());
    ImageJob job = Json.read(got.get(0).body(), ImageJob.class);
    assertEquals(id, job.id());
    cloud.results().store(id, "{\"id\":\"" + id + "\"}");
    cloud.requests().delete(got.get(0));
    assertTrue(cloud.requests().depth().total() == 0);
    return job;
  }
}
