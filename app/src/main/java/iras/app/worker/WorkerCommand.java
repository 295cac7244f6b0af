package iras.app.worker;

import iras.core.cloud.Cloud;
import iras.core.fleet.Heartbeat;
import iras.core.settings.Settings;
import iras.worker.WorkerModels;
import iras.worker.model.ImageClassifier;
import iras.worker.node.HeartbeatSender;
import iras.worker.node.InFlight;
import iras.worker.node.WorkerNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

@Command(name = "worker", description = "Run an app-tier worker node: drain the request queue through the model.")
public final class WorkerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
  /** Longest a stopping node waits for the batch it holds; its queue visibility outlasts this. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(25);

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load();
    Cloud cloud = Cloud.connect(settings);
    // Loading the model takes seconds; the controller learns meanwhile that this instance is alive.
    HeartbeatSender.send(cloud.queue(cloud.layout().heartbeatQueue()),
        new Heartbeat(settings.instanceId(), Heartbeat.State.STARTING, 0, 0, Instant.now()));
    ImageClassifier model = WorkerModels.load(settings);
    InFlight inFlight = new InFlight();
    ActorSystem<Void> system =
        ActorSystem.create(WorkerNode.create(settings, cloud, model, inFlight), "worker");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drain(system, cloud, inFlight), "drain"));
    if (Boolean.parseBoolean(System.getenv("IRAS_EXIT_WITH_PARENT"))) {
      exitWhenParentGoes();
    }
    log.info("worker {} ready: model {}, {} thread(s), batches of up to {}",
        settings.instanceId(), model.modelName(), settings.workerThreads(), settings.batchSize());
    system.getWhenTerminated().toCompletableFuture().join();
    // Ended without being asked to: a part of the node stopped for good (logged), so this instance is replaced.
    return inFlight.draining() ? 0 : 1;
  }

  private static void drain(ActorSystem<Void> system, Cloud cloud, InFlight inFlight) {
    try {
      WorkerNode.drain(system, cloud, inFlight, DRAIN_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The parent holds our standard input open; end of input means it is gone, however it died. */
  private static void exitWhenParentGoes() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Nothing is ever sent; only the end matters.
        }
      } catch (IOException ignored) {
        // Treated as the parent's end.
      }
      log.info("parent process gone; stopping");
      System.exit(0);
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
