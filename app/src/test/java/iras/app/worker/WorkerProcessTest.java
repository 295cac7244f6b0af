package iras.app.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.settings.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JVM options a local worker starts with. */
class WorkerProcessTest {

  @Test
  void aWorkerStartsOnASmallHeapThatMayGrowToItsSetting() {
    List<String> command = WorkerProcess.command(Settings.load().with(Map.of("controller.worker-heap", "1g")));
    assertTrue(command.contains("-Xmx1g"), command.toString());
    assertTrue(command.contains("-Xms" + 32 * 1024 * 1024), command.toString());
  }

  @Test
  void aHeapSetBelowTheInitialOneIsAlsoTheInitialOne() {
    // -Xms above -Xmx stops the JVM before it starts.
    List<String> command = WorkerProcess.command(Settings.load().with(Map.of("controller.worker-heap", "16m")));
    assertTrue(command.contains("-Xmx16m"), command.toString());
    assertTrue(command.contains("-Xms" + 16 * 1024 * 1024), command.toString());
  }
}
