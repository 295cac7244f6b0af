package iras.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the whole of {@code iras local} (cloud, web tier and controller in one process) 3 s into the load; its
 * workers must end within 5 s, and the stack started again on the same data finds every accepted job.
 */
class LocalStackKilledUnderLoadIT {
  @TempDir Path dataDir;

  @Test
  void everyAcceptedJobIsDoneOnceWithItsLabel() throws Exception {
    try (ChaosDeployment d = new ChaosDeployment(dataDir, Path.of("target", "chaos", "local-killed"), Map.of())) {
      ServiceProcess local = d.startLocal();
      d.awaitAnswer();
      ChaosRun.run("all of iras local SIGKILLed and restarted", d, loading -> {
        ChaosRun.pause(loading, Duration.ofSeconds(3));
        return ChaosRun.Injected.killAndRestart(local, () -> d.awaitNoWorkers(Duration.ofSeconds(5)),
            d::startLocal);
      });
    }
  }
}
