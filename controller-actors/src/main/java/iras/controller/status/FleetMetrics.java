package iras.controller.status;

import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import iras.core.fleet.Heartbeat;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The controller's figures for Prometheus: the fleet it runs, the queue it sizes the fleet from, and the workers'
 * forward passes, which it re-exports from their heartbeats since workers come and go and it stays.
 */
public final class FleetMetrics {
  private static final double[] PASS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  private static final double[] PASS_IMAGES = {1, 2, 4, 8, 16, 32, 64};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge desired = Gauge.builder().name("iras_fleet_instances_desired")
      .help("Instances the scaling policy wants now.").register(registry);
  private final Gauge actual = Gauge.builder().name("iras_fleet_instances_actual")
      .help("Instances launched and not on their way out.").register(registry);
  private final Gauge byState = Gauge.builder().name("iras_fleet_instances")
      .help("Instances by state.").labelNames("state").register(registry);
  private final Counter events = Counter.builder().name("iras_fleet_scale_events_total")
      .help("Instance events: launch, adopt, ready, stop, stopped, failed.").labelNames("event").register(registry);
  private final Gauge visible = Gauge.builder().name("iras_request_queue_visible")
      .help("Jobs waiting on the request queue at the latest sample (approximate).").register(registry);
  private final Gauge inFlight = Gauge.builder().name("iras_request_queue_in_flight")
      .help("Jobs a worker holds at the latest sample (approximate).").register(registry);
  private final Histogram passSeconds = Histogram.builder().name("iras_worker_inference_seconds")
      .help("Duration of the workers' forward passes, from their heartbeats.").classicOnly()
      .classicUpperBounds(PASS_SECONDS).register(registry);
  private final Counter passCpu = Counter.builder().name("iras_worker_inference_cpu_seconds")
      .help("CPU time of the workers' forward passes (decoding and preprocessing included), from their heartbeats.")
      .register(registry);
  private final Histogram passImages = Histogram.builder().name("iras_worker_batch_images")
      .help("Images per forward pass of the workers, from their heartbeats.").classicOnly()
      .classicUpperBounds(PASS_IMAGES).register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  public void fleet(int desiredNow, List<InstanceView> instances) {
    desired.set(desiredNow);
    actual.set(instances.stream().filter(v -> v.state().active()).count());
    for (InstanceState s : InstanceState.values()) {
      if (s.active() || s == InstanceState.STOPPING) {
        byState.labelValues(s.name()).set(instances.stream().filter(v -> v.state() == s).count());
      }
    }
  }

  public void queue(int visibleNow, int inFlightNow) {
    visible.set(visibleNow);
    inFlight.set(inFlightNow);
  }

  public void event(String event) {
    events.labelValues(event).inc();
  }

  public void passes(List<Heartbeat.Pass> passes) {
    for (Heartbeat.Pass p : passes) {
      passSeconds.observe(p.seconds());
      passImages.observe(p.images());
      // A heartbeat is a worker's word, and a worker reads untrusted images: a negative count would throw here and a
      // NaN would spoil the counter for good.
      if (p.cpuSeconds() > 0 && Double.isFinite(p.cpuSeconds())) {
        passCpu.inc(p.cpuSeconds());
      }
    }
  }
}
