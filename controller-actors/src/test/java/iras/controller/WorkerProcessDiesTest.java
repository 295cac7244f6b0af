package iras.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.fleet.LocalProcessFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: one is SIGKILLed and must be replaced; shutdown must leave none running. */
class WorkerProcessDiesTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  @TempDir Path dir;

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aKilledWorkerIsReplacedAndShutdownStopsAll() throws Exception {
    // Each "worker" records its pid under its instance name, then idles.
    List<String> command =
        List.of("bash", "-c", "echo $$ > \"$PID_DIR/$IRAS_INSTANCE_ID.pid\"; exec sleep 300");
    var fleet = new LocalProcessFleet(command, Map.of("PID_DIR", dir.toString()), dir.resolve("logs"));
    ActorRef<FleetController.Command> controller = testKit.spawn(FleetController.create(fleet, 2));

    long first = awaitPid(FleetController.instanceName(1), -1);
    long second = awaitPid(FleetController.instanceName(2), -1);
    ProcessHandle.of(first).orElseThrow().destroyForcibly();

    long replacement = awaitPid(FleetController.instanceName(1), first);
    assertNotEquals(first, replacement);
    assertTrue(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false), "untouched worker keeps running");

    TestProbe<FleetController.Done> done = testKit.createTestProbe();
    controller.tell(new FleetController.Shutdown(done.getRef()));
    done.expectMessage(Duration.ofSeconds(20), FleetController.Done.INSTANCE);
    assertFalse(ProcessHandle.of(replacement).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false));
  }

  private long awaitPid(String instance, long previous) throws IOException, InterruptedException {
    Path file = dir.resolve(instance + ".pid");
    for (int i = 0; i < 200; i++) {
      if (Files.exists(file)) {
        String text = Files.readString(file).trim();
        if (!text.isEmpty() && Long.parseLong(text) != previous) {
          return Long.parseLong(text);
        }
      }
      Thread.sleep(50);
    }
    assertEquals("a new pid", "none for " + instance);
    return -1;
  }
}
