package iras.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the web tier 3 s into the load, and a new one started at once on the same port: uploads under way are
 * cut (the clients send them again), and an image stored whose request was never sent is queued again by the
 * recovery sweep.
 */
class WebTierKilledUnderLoadIT {
  @TempDir Path dataDir;

  @Test
  void everyAcceptedJobIsDoneOnceWithItsLabel() throws Exception {
    try (ChaosDeployment d = new ChaosDeployment(dataDir, Path.of("target", "chaos", "web-killed"), Map.of())) {
      ServiceProcess web = d.startApart().web();
      ChaosRun.run("the web tier SIGKILLed and restarted", d, loading -> {
        ChaosRun.pause(loading, Duration.ofSeconds(3));
        return ChaosRun.Injected.killAndRestart(web, () -> { }, d::startWeb);
      });
    }
  }
}
