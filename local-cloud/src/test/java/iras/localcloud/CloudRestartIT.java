package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded SQS keeps its messages across a restart on the same data directory: those waiting, and those a
 * consumer held when it stopped (visible again at once). Nothing is written at close, so this holds after a crash
 * too; the stack's SIGKILL test shows it with a real process.
 */
class CloudRestartIT {
  @TempDir Path dataDir;

  @Test
  void messagesWaitingOrHeldSurviveARestartAndSettingsMayChange() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "restart").with("queue.visibility-timeout", "60s");
    ActorSystem first = ActorSystem.create("first");
    LocalCloud before = LocalCloud.start(settings, first);
    try (Cloud cloud = Cloud.connect(before.clientSettings(settings))) {
      cloud.requests().send(List.of("a", "b", "c"));
      List<ReceivedMessage> held = cloud.requests().receive(1, Duration.ofSeconds(5));
      assertEquals(1, held.size());
      cloud.requests().delete(cloud.requests().receive(1, Duration.ofSeconds(5)));
      assertEquals(2, cloud.requests().depth().total());
    } finally {
      before.close();
      first.terminate();
      first.getWhenTerminated().toCompletableFuture().get();
    }

    // Another visibility timeout than the stored queue's: the settings are applied, the messages kept.
    Settings changed = settings.with("queue.visibility-timeout", "30s");
    ActorSystem second = ActorSystem.create("second");
    try (LocalCloud after = LocalCloud.start(changed, second);
        Cloud cloud = Cloud.connect(after.clientSettings(changed))) {
      Set<String> bodies = cloud.requests().receive(10, Duration.ofSeconds(5)).stream()
          .map(ReceivedMessage::body).collect(Collectors.toSet());
      assertEquals(2, bodies.size(), bodies::toString);
      assertTrue(bodies.stream().allMatch(Set.of("a", "b", "c")::contains), bodies::toString);
    } finally {
      second.terminate();
    }
  }

  @Test
  void requestsAndDeadLettersAreKeptWhileAnnouncementsAndHeartbeatsAreNot() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "kept");
    CloudLayout layout = CloudLayout.of(settings);
    ActorSystem first = ActorSystem.create("first");
    LocalCloud before = LocalCloud.start(settings, first);
    try (Cloud cloud = Cloud.connect(before.clientSettings(settings))) {
      cloud.requests().send(List.of("request"));
      cloud.queue(layout.deadLetterQueue()).send("dead letter");
      cloud.responses().send(List.of("announcement"));
      cloud.queue(layout.heartbeatQueue()).send("heartbeat");
      // A receive is not written: after the restart the request is visible at once all the same.
      assertEquals(1, cloud.requests().receive(1, Duration.ofSeconds(5)).size());
    } finally {
      before.close();
      first.terminate();
      first.getWhenTerminated().toCompletableFuture().get();
    }

    ActorSystem second = ActorSystem.create("second");
    try (LocalCloud after = LocalCloud.start(settings, second);
        Cloud cloud = Cloud.connect(after.clientSettings(settings))) {
      assertEquals(List.of("request"), bodies(cloud.requests()));
      assertEquals(List.of("dead letter"), bodies(cloud.queue(layout.deadLetterQueue())));
      assertEquals(new MessageQueue.QueueDepth(0, 0), cloud.responses().depth());
      assertEquals(new MessageQueue.QueueDepth(0, 0), cloud.queue(layout.heartbeatQueue()).depth());
      // The queues themselves are kept: announcements go on as before.
      cloud.responses().send(List.of("next announcement"));
      assertEquals(List.of("next announcement"), bodies(cloud.responses()));
    } finally {
      second.terminate();
    }
  }

  private static List<String> bodies(MessageQueue queue) {
    return queue.receive(10, Duration.ofSeconds(2)).stream().map(ReceivedMessage::body).toList();
  }
}
