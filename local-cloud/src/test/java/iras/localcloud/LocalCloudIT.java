package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.Cloud;
import iras.core.cloud.ReceivedMessage;
import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import iras.core.cloud.CloudUnavailableException;

class LocalCloudIT {
  @TempDir static Path dataDir;
  static ActorSystem system;
  static LocalCloud localCloud;
  static Cloud cloud;

  @BeforeAll
  static void start() throws Exception {
    Settings settings =
        EmbeddedCloudSettings.of(dataDir, "test").with("queue.max-receive-count", 2);
    system = ActorSystem.create("test");
    localCloud = LocalCloud.start(settings, system);
    cloud = Cloud.connect(localCloud.clientSettings(settings));
  }

  @AfterAll
  static void stop() throws Exception {
    cloud.close();
    localCloud.close();
    system.terminate();
  }

  @Test
  void objectsRoundTripThroughTheSdkAndLandOnDisk() {
    byte[] bytes = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
    cloud.store().put(cloud.layout().inputBucket(), "images/1/cat.jpg", bytes, "image/jpeg");
    assertArrayEquals(bytes, cloud.store().get(cloud.layout().inputBucket(), "images/1/cat.jpg"));
    assertTrue(cloud.store().find(cloud.layout().outputBucket(), "results/missing.json").isEmpty());
    assertTrue(dataDir.resolve("s3").resolve(cloud.layout().inputBucket()).toFile().isDirectory());
  }

  @Test
  void aMessageThatKeepsFailingMovesToTheDeadLetterQueue() {
    cloud.requests().send("poison");
    for (int attempt = 1; attempt <= 2; attempt++) {
      List<ReceivedMessage> got = cloud.requests().receive(10, Duration.ofSeconds(5));
      assertEquals(1, got.size(), "attempt " + attempt);
      assertEquals(attempt, got.get(0).receiveCount());
      cloud.requests().extendVisibility(got.get(0), Duration.ZERO);
    }
    assertTrue(cloud.requests().receive(10, Duration.ofSeconds(1)).isEmpty());
    List<ReceivedMessage> dead = cloud.queue(cloud.layout().deadLetterQueue()).receive(10, Duration.ofSeconds(5));
    assertEquals(List.of("poison"), dead.stream().map(ReceivedMessage::body).toList());
  }

  @Test
  void aListenerOfAQueueHearsEachAcknowledgedSendToItBeforeTheSenderHasItsAnswer() {
    AtomicInteger heard = new AtomicInteger();
    localCloud.whenSent(cloud.layout().requestQueue(), heard::incrementAndGet);
    cloud.responses().send("to another queue");
    assertEquals(0, heard.get());
    cloud.requests().send("one");
    assertEquals(1, heard.get());
    cloud.requests().send(List.of("two", "three"));
    assertEquals(2, heard.get(), "a batch is one send");
    assertThrows(RuntimeException.class, () -> cloud.requests().send("x".repeat(262_145)));
    assertEquals(2, heard.get(), "a refused send is not heard");
    // The other cases expect the request queue empty.
    for (List<ReceivedMessage> got; !(got = cloud.requests().receive(10, Duration.ZERO)).isEmpty(); ) {
      cloud.requests().delete(got);
    }
  }

  @Test
  void s3StoppedForAnOutageComesBackOnTheSamePortWithItsObjects() throws Exception {
    byte[] bytes = "kept".getBytes(StandardCharsets.UTF_8);
    cloud.store().put(cloud.layout().outputBucket(), "results/kept.json", bytes, "application/json");
    localCloud.stopS3();
    try {
      assertThrows(CloudUnavailableException.class,
          () -> cloud.store().get(cloud.layout().outputBucket(), "results/kept.json"));
    } finally {
      localCloud.restartS3();
    }
    assertArrayEquals(bytes, cloud.store().get(cloud.layout().outputBucket(), "results/kept.json"));
  }
}
