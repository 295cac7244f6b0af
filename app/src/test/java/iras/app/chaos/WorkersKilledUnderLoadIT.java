package iras.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of a random worker process every 2 s for the first {@link #KILLING} of the load, in the AWS topology on
 * loopback. Bounded: a replacement takes longer than 2 s to start, so kills that went on would stop all progress
 * (and the controller backs off from instances that die before they serve); then the load runs to its end.
 */
class WorkersKilledUnderLoadIT {
  private static final Duration KILLING = Duration.ofSeconds(30);
  /**
   * The deployment's visibility timeout is 10 s: a job whose holder is killed comes back at least 10 s after it was
   * taken, so the kills can take it from a worker three times, and the fourth receive comes after they stop. The
   * default limit of three receives would set such a job aside as one that crashes its workers; that rule has its own
   * test (WorkerFaultsIT). Here every job must come through, so it gets the one receive the kills cannot reach.
   */
  private static final String RECEIVES_BEYOND_THE_KILLS = "4";

  @TempDir Path dataDir;

  @Test
  void everyAcceptedJobIsDoneOnceWithItsLabel() throws Exception {
    Random random = new Random(13);
    try (ChaosDeployment d = new ChaosDeployment(dataDir, Path.of("target", "chaos", "workers-killed"),
        Map.of("IRAS_QUEUE_MAX_RECEIVE_COUNT", RECEIVES_BEYOND_THE_KILLS))) {
      d.startApart();
      ChaosRun.run("a random worker SIGKILLed every 2 s for 30 s", d, loading -> {
        int kills = 0;
        long until = System.nanoTime() + KILLING.toNanos();
        while (ChaosRun.pause(loading, Duration.ofSeconds(2)) && System.nanoTime() < until) {
          List<ProcessHandle> workers = d.liveWorkers();
          if (!workers.isEmpty() && workers.get(random.nextInt(workers.size())).destroyForcibly()) {
            kills++;
          }
        }
        return new ChaosRun.Injected(kills, null);
      });
    }
  }
}
