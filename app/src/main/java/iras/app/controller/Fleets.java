package iras.app.controller;

import iras.app.worker.WorkerProcess;
import iras.controller.ControllerSettings;
import iras.controller.fleet.Fleet;
import iras.controller.fleet.LocalProcessFleet;
import iras.controller.fleet.ec2.Ec2Fleet;
import iras.core.settings.Settings;
import java.io.IOException;

/** The fleet the settings name: {@code iras worker} processes on this machine, or EC2 instances. */
public final class Fleets {
  private Fleets() {}

  /** @throws IOException when the settings do not describe a usable fleet, with a message that says what to set */
  public static Fleet of(Settings settings) throws IOException {
    try {
      return create(settings);
    } catch (IllegalArgumentException e) {
      // A setting a person can fix: one line for them, as the command reports I/O problems, not a stack trace.
      throw new IOException(e.getMessage(), e);
    }
  }

  private static Fleet create(Settings settings) throws IOException {
    ControllerSettings c = ControllerSettings.of(settings);
    return switch (c.fleet()) {
      case "local" -> {
        int capacity = LocalProcessFleet.machineCapacity(c.workerHeapBytes(), settings.workerThreads());
        LocalProcessFleet fleet = new LocalProcessFleet(WorkerProcess.command(settings),
            WorkerProcess.environment(settings), settings.localDataDir().resolve("logs"), capacity,
            Math.min(c.warmPool().orElse(capacity), c.maxInstances().orElse(capacity)));
        fleet.fillPool();
        yield fleet;
      }
      case "ec2" -> Ec2Fleet.create(settings);
      default -> throw new IllegalArgumentException(
          "iras.controller.fleet (IRAS_FLEET) must be \"local\" or \"ec2\", not \"" + c.fleet() + "\"");
    };
  }
}
