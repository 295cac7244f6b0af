package iras.controller;

import com.typesafe.config.Config;
import iras.controller.instance.InstanceActor;
import iras.controller.scaling.ScalingPolicy;
import iras.core.settings.Settings;
import java.time.Duration;
import java.util.OptionalInt;

/** The {@code iras.controller} keys, typed. */
public record ControllerSettings(
    String fleet,
    int minInstances,
    OptionalInt maxInstances,
    int jobsPerInstance,
    Duration interval,
    Duration scaleInAfter,
    Duration startTimeout,
    Duration heartbeatTimeout,
    String statusHost,
    int statusPort,
    long workerHeapBytes) {

  public static ControllerSettings of(Settings settings) {
    Config c = settings.controller();
    String max = c.getString("max-instances").trim();
    return new ControllerSettings(
        c.getString("fleet"),
        c.getInt("min-instances"),
        max.equals("auto") ? OptionalInt.empty() : OptionalInt.of(parseMax(max)),
        c.getInt("jobs-per-instance"),
        c.getDuration("interval"),
        c.getDuration("scale-in-after"),
        c.getDuration("start-timeout"),
        c.getDuration("heartbeat-timeout"),
        c.getString("status-host"),
        c.getInt("status-port"),
        c.getBytes("worker-heap"));
  }

  private static int parseMax(String max) {
    try {
      return Integer.parseInt(max);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iras.controller.max-instances must be a number or \"auto\", not " + max);
    }
  }

  /** The policy for a fleet that holds at most {@code capacity}: the set maximum, or the capacity when "auto". */
  public ScalingPolicy policy(int capacity) {
    return new ScalingPolicy(jobsPerInstance, minInstances, maxInstances.orElse(capacity),
        ScalingPolicy.samplesSpanning(scaleInAfter, interval));
  }

  public InstanceActor.Timeouts timeouts() {
    return new InstanceActor.Timeouts(startTimeout, heartbeatTimeout);
  }
}
