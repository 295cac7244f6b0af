package iras.app.controller;

import com.typesafe.config.ConfigFactory;
import iras.app.foreground.Foreground;
import iras.controller.Autoscaler;
import iras.controller.fleet.Fleet;
import iras.controller.sensing.RequestArrivals;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "controller",
    description = "Run the autoscaler alone: size the worker fleet (EC2 or local processes) from the request queue.")
public final class ControllerCommand implements Callable<Integer> {
  @Option(names = "--fleet", description = "local (worker processes here) or ec2 (default: iras.controller.fleet).")
  String fleet;

  @Option(names = "--status-port", description = "Port of the status endpoint (default 8001; 0 picks a free one).")
  Integer statusPort;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load()
        .withGiven("controller.fleet", fleet)
        .withGiven("controller.status-port", statusPort);
    Fleet fleet = Fleets.of(settings);
    Cloud cloud = Cloud.connect(settings);
    ActorSystem system = ActorSystem.create("iras-controller", ConfigFactory.load());
    Autoscaler autoscaler = Autoscaler.start(settings, cloud, fleet, RequestArrivals.unseen(), system);
    System.out.printf("iras controller: %s, %d to %d instances; status at %s%n", autoscaler.fleet().kind(),
        autoscaler.policy().min(), autoscaler.policy().max(), autoscaler.statusUrl());
    Foreground.holdUntilStopped(() -> {
      try {
        autoscaler.close();
      } finally {
        cloud.close();
        system.terminate();
      }
    });
    return 0;
  }
}
