package iras.controller.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.fleet.WorkerControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessFleetTest {
  private static final long GIB = 1L << 30;
  /**
   * A process that speaks the worker's side of {@link WorkerControl} and logs what it is told: enough to test the
   * fleet's side; the real worker's side runs in the app module's tests.
   */
  private static final List<String> RESIDENT = List.of("bash", "-c", """
      echo "started as ${IRAS_INSTANCE_ID:-pool} ($IRAS_WORKER_START)"
      while read -r command name; do
        echo "told $command $name"
        if [ "$command" = hibernate ]; then echo '%s'; fi
      done
      """.formatted(WorkerControl.HIBERNATED));

  @TempDir Path dir;
  private LocalProcessFleet fleet;

  @AfterEach
  void close() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void theMachinesCapIsBoundByItsCoresAndNeverZeroNorAboveTwenty() {
    int cores = Runtime.getRuntime().availableProcessors();
    int cap = LocalProcessFleet.machineCapacity(GIB, 1);
    assertTrue(cap >= 1 && cap <= Math.min(Fleet.MOST, cores), "cap " + cap + " on " + cores + " cores");
    assertEquals(1, LocalProcessFleet.machineCapacity(GIB, cores), "workers that each use every core: one");
    assertEquals(1, LocalProcessFleet.machineCapacity(1024 * GIB, 1), "workers too big for memory: still one");
  }

  @Test
  void aStoppedInstanceStaysResidentAndTheNextLaunchWakesItUnderItsOwnName() throws Exception {
    fleet = new LocalProcessFleet(RESIDENT, Map.of(), dir, 2, 1);
    fleet.fillPool();
    WorkerInstance first = fleet.launch("app-tier-instance-1");
    first.stop();
    String reason = first.terminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(reason.contains("resident"), reason);

    WorkerInstance second = fleet.launch("app-tier-instance-2");
    assertEquals(first.id(), second.id(), "the same process serves the next instance");
    assertTrue(alive(second));
    awaitLog("worker-1.log", "told wake app-tier-instance-2");
    String log = Files.readString(dir.resolve("worker-1.log"));
    assertTrue(log.startsWith("started as pool (pooled)"), log);
    assertTrue(log.contains("told wake app-tier-instance-1\ntold hibernate \n" + WorkerControl.HIBERNATED), log);
    assertEquals(List.of(second), fleet.reconcile(), "only the instance being served is adopted");
  }

  @Test
  void stoppedInstancesBeyondThePoolEndTheirProcess() throws Exception {
    fleet = new LocalProcessFleet(RESIDENT, Map.of(), dir, 2, 1);
    WorkerInstance a = fleet.launch("app-tier-instance-1");
    WorkerInstance b = fleet.launch("app-tier-instance-2");
    assertNotEquals(a.id(), b.id());
    a.stop();
    a.terminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    b.stop();
    String reason = b.terminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(reason.contains("exited"), "the pool holds one; the second process ends: " + reason);
    assertTrue(alive(a) && !alive(b));
  }

  @Test
  void withoutAPoolAStoppedInstanceEndsAndClosingEndsTheResidentOnes() throws Exception {
    fleet = new LocalProcessFleet(RESIDENT, Map.of(), dir, 2, 0);
    WorkerInstance a = fleet.launch("app-tier-instance-1");
    a.stop();
    assertTrue(a.terminated().toCompletableFuture().get(10, TimeUnit.SECONDS).contains("exited"));
    assertFalse(alive(a));

    var pooled = new LocalProcessFleet(RESIDENT, Map.of(), dir.resolve("pooled"), 2, 2);
    pooled.fillPool();
    WorkerInstance woken = pooled.launch("app-tier-instance-1");
    pooled.close();
    assertFalse(alive(woken), "close ends serving and resident processes alike");
    assertEquals(0, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
  }

  private static boolean alive(WorkerInstance w) {
    return ProcessHandle.of(Long.parseLong(w.id().replace("pid ", ""))).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Waits for the worker process to write {@code text}: woken by each change of the folder, not by a timer. */
  private void awaitLog(String file, String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try (WatchService changes = dir.getFileSystem().newWatchService()) {
      dir.register(changes, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (!Files.exists(dir.resolve(file)) || !Files.readString(dir.resolve(file)).contains(text)) {
        long left = deadline - System.nanoTime();
        assertTrue(left > 0, () -> file + " never said: " + text);
        WatchKey key = changes.poll(left, TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}
