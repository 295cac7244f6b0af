package iras.controller.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import iras.core.fleet.Heartbeat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workers' forward passes as the controller exports them, whatever a heartbeat claims. */
class FleetMetricsTest {
  @Test
  void aPassesCpuTimeThatIsNoTimeLeavesTheCounterAsItWas() {
    FleetMetrics metrics = new FleetMetrics();
    metrics.passes(List.of(new Heartbeat.Pass(8, 0.4, 0.38), new Heartbeat.Pass(1, 0.05, -3),
        new Heartbeat.Pass(1, 0.05, Double.NaN), new Heartbeat.Pass(1, 0.05, Double.POSITIVE_INFINITY),
        new Heartbeat.Pass(1, 0.03, 0.02)));
    assertEquals(0.40, cpuSeconds(metrics), 1e-9);
  }

  private static double cpuSeconds(FleetMetrics metrics) {
    return metrics.registry().scrape().stream()
        .filter(s -> s.getMetadata().getName().equals("iras_worker_inference_cpu_seconds"))
        .map(s -> ((CounterSnapshot) s).getDataPoints().get(0).getValue())
        .findFirst().orElseThrow();
  }
}
