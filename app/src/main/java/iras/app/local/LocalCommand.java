package iras.app.local;

import com.typesafe.config.ConfigFactory;
import iras.app.foreground.Foreground;
import iras.app.keys.ClientKey;
import iras.app.web.EmbeddedWeb;
import iras.app.web.TlsKeys;
import iras.app.controller.Fleets;
import iras.controller.Autoscaler;
import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import iras.web.access.AccessControl;
import iras.worker.WorkerModels;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "local",
    description = "Run the whole service on this machine: embedded S3 and SQS, the web tier and worker processes.")
public final class LocalCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port of the web tier (default 8000).")
  Integer port;

  @Option(names = "--bind", description = "Interface the web tier listens on (default: iras.web.bind-address, else"
      + " 127.0.0.1: this machine only; 0.0.0.0 serves every interface).")
  String bind;

  @Option(names = "--tls", description = "HTTPS with HTTP redirected: self-signed (a certificate made now, for trials),"
      + " or a PKCS12 or PEM certificate file (default: iras.web.tls.certificate, else plain HTTP).")
  String tls;

  @Option(names = "--max-workers",
      description = "Most worker processes (default: what this machine's memory and cores hold, at most 20).")
  Integer maxWorkers;

  @Option(names = "--min-workers", description = "Worker processes kept running at rest (default 0).")
  Integer minWorkers;

  @Option(names = "--warm-up", description = "Synthetic images sent through the whole service before it is announced,"
      + " so the first real burst meets compiled code (default 400; 0 skips).")
  Integer warmUp;

  @Option(names = "--course", description = "The course's profile (also IRAS_COURSE=true): the input bucket holds each"
      + " upload under its file name, the output bucket <name> -> label; the service's own records go elsewhere.")
  boolean course;

  @Override
  public Integer call() throws Exception {
    Settings base = Settings.load()
        .withGiven("web.port", port)
        .withGiven("web.bind-address", bind)
        .withGiven("web.tls.certificate", tls)
        .withGiven("controller.max-instances", maxWorkers)
        .withGiven("controller.min-instances", minWorkers)
        .withGiven("local.warm-up-requests", warmUp)
        .withGiven("course", course ? Boolean.TRUE : null);
    LocalStack stack = LocalStack.start(base);
    int requests = stack.settings().localWarmUpRequests();
    if (requests > 0 && stack.web().httpsPort().isPresent()) {
      // The warm-up's client speaks plain HTTP, which now only redirects.
      System.err.println("Warm-up skipped: TLS is on.");
    } else if (requests > 0) {
      warmUp(stack, requests);
    }
    // curl refuses a certificate nobody vouches for unless told to.
    String insecure = stack.settings().web().getString("tls.certificate").trim().equals(TlsKeys.SELF_SIGNED)
        ? " -k" : "";
    System.out.printf(
        "iras is running at %s  (%d to %d worker processes as the queue needs; embedded S3 %s,"
            + " SQS %s; data in %s)%n"
            + "Fleet: %sfleet (status %s)    Try: curl%s -F inputFile=@cat.jpg %s"
            + "    Stop with Ctrl-C.%n",
        stack.web().address(), stack.autoscaler().policy().min(), stack.autoscaler().policy().max(),
        stack.cloud().s3Endpoint(), stack.cloud().sqsEndpoint(), stack.settings().localDataDir(),
        stack.web().address(), stack.autoscaler().statusUrl(),
        insecure, stack.web().address());
    CloudLayout layout = stack.clients().layout();
    if (layout.course()) {
      System.out.printf("Course profile: %s and %s hold one object per request; the service's records are in %s."
              + " POST / is open to anyone (the course's clients send no key).%n",
          layout.inputBucket(), layout.outputBucket(), layout.recordsBucket());
    }
    System.out.printf("Uploads %s; the gallery, /metrics and /fleet need the admin key (in %s; sign in with it on the"
            + " page).%n", AccessControl.uploadsOpen(stack.settings()) ? "are open to anyone reaching this address"
            : "need a key", ClientKey.localFile(stack.settings()));
    Foreground.holdUntilStopped(stack);
    return 0;
  }

  private static void warmUp(LocalStack stack, int requests) throws Exception {
    System.err.printf("Warming up: %d synthetic images through the whole service (--warm-up 0 skips this)%n", requests);
    StartupWarmUp.Done done = StartupWarmUp.run(stack, requests, System.err);
    if (done.answered() < done.requests()) {
      System.err.printf("Warm-up: %d of %d answered; the first other answer was: %s. Workers' logs are in %s%n",
          done.answered(), done.requests(), done.problem(), stack.settings().localDataDir().resolve("logs"));
    } else {
      System.err.printf("Warmed up in %.1f s; the fleet is back at rest.%n", done.millis() / 1000.0);
    }
  }

  /** Every part of the local deployment, started in dependency order and stopped in reverse. */
  public record LocalStack(
      Settings settings, ActorSystem system, LocalCloud cloud, EmbeddedWeb web, Cloud clients, Autoscaler autoscaler,
      String adminKey)
      implements AutoCloseable {

    public static LocalStack start(Settings base) throws Exception {
      // Fail here, once, with a clear message, rather than in every worker process.
      Settings resolved = base.with("worker.model", WorkerModels.resolve(base));
      if (resolved.webBindAddress().isBlank() || resolved.webBindAddress().equals("auto")) {
        resolved = resolved.with("web.bind-address", "127.0.0.1");
      }
      ActorSystem system = ActorSystem.create("iras", ConfigFactory.load());
      LocalCloud cloud = LocalCloud.start(resolved, system);
      Settings settings = cloud.clientSettings(resolved);
      Cloud clients = Cloud.connect(settings);
      String adminKey = LocalAdminKey.ensure(settings, clients, System.out);
      // Workers elsewhere could not reach this machine's loopback cloud: here they are always local processes.
      Settings local = settings.with("controller.fleet", "local");
      // The embedded cloud sees each request arrive: a fleet at rest wakes on a burst's first, not a sample later.
      Autoscaler autoscaler = Autoscaler.start(local, clients, Fleets.of(local),
          look -> cloud.whenSent(clients.layout().requestQueue(), look), system);
      // Started after the controller, whose status address (a free port in tests) the fleet page reads.
      EmbeddedWeb web = EmbeddedWeb.start(settings.with("web.controller-status-url", autoscaler.statusUrl()));
      return new LocalStack(settings, system, cloud, web, clients, autoscaler, adminKey);
    }

    @Override
    public void close() {
      try {
        autoscaler.close();
        clients.close();
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
