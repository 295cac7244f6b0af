package iras.app.local;

import com.typesafe.config.ConfigFactory;
import iras.app.Foreground;
import iras.app.web.EmbeddedWeb;
import iras.app.worker.WorkerProcess;
import iras.controller.FleetController;
import iras.controller.fleet.LocalProcessFleet;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import iras.worker.WorkerModels;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "local",
    description = "Run the whole service on this machine: embedded S3 and SQS, the web tier and worker processes.")
public final class LocalCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port of the web tier (default 8000).")
  Integer port;

  @Option(names = "--workers", description = "Worker processes to run (default 2).")
  Integer workers;

  @Override
  public Integer call() throws Exception {
    Settings base = Settings.load();
    if (port != null) {
      base = base.with("web.port", port);
    }
    if (workers != null) {
      base = base.with("controller.instances", workers);
    }
    LocalStack stack = LocalStack.start(base);
    System.out.printf(
        "iras is running at http://localhost:%d/  (%d worker processes; embedded S3 %s, SQS %s; data in %s)%n"
            + "Try: curl -F inputFile=@cat.jpg http://localhost:%d/    Stop with Ctrl-C.%n",
        stack.web().port(), stack.settings().instances(), stack.cloud().s3Endpoint(), stack.cloud().sqsEndpoint(),
        stack.settings().localDataDir(), stack.web().port());
    Foreground.holdUntilStopped(stack);
    return 0;
  }

  /** Every part of the local deployment, started in dependency order and stopped in reverse. */
  public record LocalStack(
      Settings settings, ActorSystem system, LocalCloud cloud, EmbeddedWeb web,
      ActorRef<FleetController.Command> controller) implements AutoCloseable {

    public static LocalStack start(Settings base) throws Exception {
      // Fail here, once, with a clear message, rather than in every worker process.
      Settings resolved = base.with("worker.model", WorkerModels.resolve(base));
      ActorSystem system = ActorSystem.create("iras", ConfigFactory.load());
      LocalCloud cloud = LocalCloud.start(resolved, system);
      Settings settings = cloud.clientSettings(resolved);
      EmbeddedWeb web = EmbeddedWeb.start(settings);
      var fleet = new LocalProcessFleet(
          WorkerProcess.command(settings),
          WorkerProcess.environment(settings),
          settings.localDataDir().resolve("logs"));
      ActorRef<FleetController.Command> controller =
          Adapter.spawn(system, FleetController.create(fleet, settings.instances()), "fleet");
      return new LocalStack(settings, system, cloud, web, controller);
    }

    @Override
    public void close() {
      try {
        AskPattern.<FleetController.Command, FleetController.Done>ask(
                controller, FleetController.Shutdown::new, Duration.ofSeconds(40), Adapter.toTyped(system).scheduler())
            .toCompletableFuture()
            .get();
        web.close();
        cloud.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      } finally {
        system.terminate();
      }
    }
  }
}
