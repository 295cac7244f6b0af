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
    OptionalInt warmPool,
    int jobsPerInstance,
    Duration interval,
    Duration scaleInAfter,
    Duration startTimeout,
    Duration heartbeatTimeout,
    String statusHost,
    int statusPort,
    long workerHeapBytes,
    Duration recoverySweep,
    Duration recoveryMinAge) {

  public static ControllerSettings of(Settings settings) {
    Config c = settings.controller();
    String max = c.getString("max-instances").trim();
    String warm = c.getString("warm-pool").trim();
    return new ControllerSettings(
        c.getString("fleet"),
        c.getInt("min-instances"),
        max.equals("auto") ? OptionalInt.empty() : OptionalInt.of(parseCount("max-instances", max)),
        warm.equals("auto") ? OptionalInt.empty() : OptionalInt.of(parseCount("warm-pool", warm)),
        c.getInt("jobs-per-instance"),
        c.getDuration("interval"),
        c.getDuration("scale-in-after"),
        c.getDuration("start-timeout"),
        c.getDuration("heartbeat-timeout"),
        c.getString("status-host"),
        c.getInt("status-port"),
        c.getBytes("worker-heap"),
        c.getDuration("recovery-sweep"),
        c.getDuration("recovery-min-age"));
  }

  private static int parseCount(String key, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("iras.controller." + key + " must be a number of 0 or more or \"auto\", not "
        + value);
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
