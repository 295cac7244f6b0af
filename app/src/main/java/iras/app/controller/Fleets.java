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

  public static Fleet of(Settings settings) throws IOException {
    ControllerSettings c = ControllerSettings.of(settings);
    return switch (c.fleet()) {
      case "local" -> new LocalProcessFleet(
          WorkerProcess.command(settings),
          WorkerProcess.environment(settings),
          settings.localDataDir().resolve("logs"),
          LocalProcessFleet.machineCapacity(c.workerHeapBytes(), settings.workerThreads()));
      case "ec2" -> Ec2Fleet.create(settings);
      default -> throw new IllegalArgumentException(
          "iras.controller.fleet (IRAS_FLEET) must be \"local\" or \"ec2\", not \"" + c.fleet() + "\"");
    };
  }
}
