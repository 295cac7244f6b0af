package iras.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL of the controller 3 s into the load; its workers must end within 5 s (no orphans), and a new controller,
 * started then, takes the queue over.
 */
class ControllerKilledUnderLoadIT {
  @TempDir Path dataDir;

  @Test
  void everyAcceptedJobIsDoneOnceWithItsLabel() throws Exception {
    try (ChaosDeployment d = new ChaosDeployment(dataDir, Path.of("target", "chaos", "controller-killed"), Map.of())) {
      ServiceProcess controller = d.startApart().controller();
      ChaosRun.run("the controller SIGKILLed and restarted", d, loading -> {
        ChaosRun.pause(loading, Duration.ofSeconds(3));
        return ChaosRun.Injected.killAndRestart(controller, () -> d.awaitNoWorkers(Duration.ofSeconds(5)),
            d::startController);
      });
    }
  }
}
