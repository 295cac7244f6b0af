package iras.worker.node;

import com.typesafe.config.ConfigFactory;
import iras.core.cloud.Cloud;
import iras.core.faces.GalleryStore;
import iras.core.fleet.Heartbeat;
import iras.core.fleet.WorkerControl;
import iras.core.settings.Settings;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.worker.answer.Answerer;
import iras.worker.answer.Answerers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The life of a worker process: load the model once, serve as a {@link WorkerNode}, drain and exit on SIGTERM.
 * Started by a local fleet, it also obeys the fleet's {@link WorkerControl} commands on its standard input: it can
 * hibernate (stop serving, keep the model loaded) and wake under another instance name.
 */
public final class NodeProcess {
  private static final Logger log = LoggerFactory.getLogger(NodeProcess.class);
  /** Longest a stopping node waits for the batch it holds; its queue visibility outlasts this. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(25);
  /** Put on the command queue when the running node's actors end, whoever ended them. */
  private static final String NODE_ENDED = "";
  /** Put on the command queue on SIGTERM. */
  private static final String TERMINATE = "\u0000terminate";

  /**
   * Longest a worker whose parent died takes to hand back what it holds before it ends regardless: with the parent's
   * cloud gone too, each hand-back is retried by the SDK, and a busy machine may take a second to notice the end.
   */
  private static final Duration ORPHAN_EXIT_WITHIN = Duration.ofSeconds(2);

  private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
  private final AtomicReference<WorkerNode> serving = new AtomicReference<>();

  private NodeProcess() {}

  /** @return the process's exit status: 0 after a complete drain, 1 when a part of the node stopped for good */
  public static int run(Settings settings) throws IOException, InterruptedException {
    return new NodeProcess().serve(settings);
  }

  private int serve(Settings settings) throws IOException, InterruptedException {
    if (Boolean.parseBoolean(System.getenv("IRAS_EXIT_WITH_PARENT"))) {
      // First: a parent that dies while this process connects and loads its model (seconds) leaves no orphan either.
      readCommandsUntilParentGoes();
    }
    Cloud cloud = Cloud.connect(settings);
    boolean pooled = WorkerControl.START_POOLED.equals(System.getenv(WorkerControl.START));
    if (!pooled) {
      // Loading the model takes seconds; the controller learns meanwhile that this instance is alive.
      HeartbeatSender.send(cloud.queue(cloud.layout().heartbeatQueue()),
          new Heartbeat(settings.instanceId(), Heartbeat.State.STARTING, 0, 0, Instant.now()));
    }
    long loading = System.nanoTime();
    Answerer model = Answerers.open(settings, GalleryStore.of(cloud));
    log.info("model {} loaded in {} ms, {} ms after the process started", model.modelName(),
        (System.nanoTime() - loading) / 1_000_000, ManagementFactory.getRuntimeMXBean().getUptime());
    // SIGTERM (a fleet's stop, systemd) is a request to drain and exit: handled here, the process ends with 0 after a
    // complete drain; other ends of the JVM (Ctrl-C) still drain in the shutdown hook.
    Signal.handle(new Signal("TERM"), signal -> commands.add(TERMINATE));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(false), "drain"));
    // One actor system for the process's life, resident and hibernating included: its scheduler's clock ticks every
    // 10 ms by default, which woke an idle resident worker a hundred times a second; a node's timers are 200 ms and
    // longer, so a tenth of a second is fine enough.
    ActorSystem<SpawnProtocol.Command> actors = ActorSystem.create(SpawnProtocol.create(), "worker",
        ConfigFactory.parseString("pekko.scheduler.tick-duration = 100ms").withFallback(ConfigFactory.load()));
    try {
      return serve(settings, cloud, model, actors, pooled);
    } finally {
      actors.terminate();
    }
  }

  private int serve(Settings settings, Cloud cloud, Answerer model, ActorSystem<SpawnProtocol.Command> actors,
                    boolean pooled) throws InterruptedException {
    String name = settings.instanceId();
    if (pooled) {
      // On the thread that will run the model's passes, so that what the warm-up sizes is what they reuse.
      long modelMs = onInferenceThread(actors, () -> model.warmUp(settings.batchSize()));
      log.info("warmed up in {} ms (model) and {} ms (cloud clients, actors); waiting in the pool",
          modelMs, warmUpCloudAndActors(cloud, actors));
      name = nextWake();
    }
    while (name != null) {
      Settings named = settings.with("worker.instance-id", name);
      WorkerNode node = WorkerNode.start(actors, named, cloud, model, Clock.systemUTC());
      serving.set(node);
      node.whenTerminated().thenRun(() -> commands.add(NODE_ENDED));
      log.info("worker {} ready {} ms after the process started: model {}, {} thread(s), batches of up to {}",
          name, ManagementFactory.getRuntimeMXBean().getUptime(), model.modelName(), settings.workerThreads(),
          settings.batchSize());
      String command = awaitHibernateOrEnd(node);
      if (command.equals(TERMINATE)) {
        stop(false);
        return 0;
      }
      if (command.equals(NODE_ENDED)) {
        // Ended without being asked to: a part of the node stopped for good (logged), so this instance is replaced.
        return node.askedToStop() ? 0 : 1;
      }
      stop(true);
      System.out.println(WorkerControl.HIBERNATED);
      log.info("worker {} hibernated after {} result(s)", name, node.published());
      name = nextWake();
    }
    return 0;
  }

  /** @return the command that ends this node's service: hibernate, terminate, or the node's own end */
  private String awaitHibernateOrEnd(WorkerNode node) throws InterruptedException {
    while (true) {
      String command = commands.take();
      if (command.equals(NODE_ENDED) && !node.whenTerminated().toCompletableFuture().isDone()) {
        continue; // the end of a node served before this one
      }
      if (command.equals(NODE_ENDED) || command.equals(TERMINATE) || command.equals(WorkerControl.HIBERNATE)) {
        return command;
      }
      log.warn("ignored while serving: {}", command);
    }
  }

  /** @return the name to serve next, or null when the process is to end */
  private String nextWake() throws InterruptedException {
    while (true) {
      String command = commands.take();
      if (command.equals(TERMINATE)) {
        return null;
      }
      if (command.startsWith(WorkerControl.WAKE + " ")) {
        return command.substring(WorkerControl.WAKE.length() + 1).trim();
      }
      if (command.equals(WorkerControl.HIBERNATE)) {
        // Already resident and idle: answer at once.
        System.out.println(WorkerControl.HIBERNATED);
      }
    }
  }

  /**
   * Ends the node being served, if any, once it has finished what it holds; the model stays loaded. A process that
   * is {@code staying} for a later wake also finishes what a receive under way brings; one that is exiting hands it
   * back. Synchronized so that a shutdown during a hibernation waits for it to finish.
   */
  private synchronized void stop(boolean staying) {
    WorkerNode node = serving.getAndSet(null);
    if (node == null) {
      return;
    }
    try {
      if (staying) {
        node.pause(DRAIN_TIMEOUT);
      } else {
        node.drain(DRAIN_TIMEOUT);
      }
      node.whenTerminated().toCompletableFuture().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The parent holds our standard input open: its lines are commands, and its end means the parent is gone, killed
   * or not (the kernel closes a dead process's pipes). Then there is no one to drain for: what the node holds goes
   * back to the queue, and the process ends within {@link #ORPHAN_EXIT_WITHIN} even if the queue does not answer.
   */
  private void readCommandsUntilParentGoes() {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            commands.add(line.trim());
          }
        }
      } catch (IOException ignored) {
        // Treated as the parent's end.
      }
      log.info("parent process gone; handing back what this worker holds and exiting");
      Thread deadline = new Thread(() -> {
        try {
          Thread.sleep(ORPHAN_EXIT_WITHIN.toMillis());
        } catch (InterruptedException ignored) {
          // Ending now is what was due anyway.
        }
        Runtime.getRuntime().halt(1);
      }, "orphan-deadline");
      deadline.setDaemon(true);
      deadline.start();
      WorkerNode node = serving.getAndSet(null);
      if (node != null) {
        node.abandon();
      }
      // Not exit(): its hook would drain for up to DRAIN_TIMEOUT, for a parent that is gone.
      Runtime.getRuntime().halt(0);
    }, "parent-commands");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code work} on the model's thread and waits for it; the model's own failure is thrown as it is. */
  private static long onInferenceThread(ActorSystem<?> actors, LongSupplier work) {
    try {
      return CompletableFuture.supplyAsync(work::getAsLong, actors.dispatchers().lookup(WorkerNode.INFERENCE)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  /**
   * Calls each cloud client and starts and stops an actor, touching nothing a user could see: a read of an absent
   * result and a look at the request queue's depth.
   *
   * @return how long it took, in milliseconds
   */
  private static long warmUpCloudAndActors(Cloud cloud, ActorSystem<SpawnProtocol.Command> actors) {
    long start = System.nanoTime();
    try {
      cloud.store().find(cloud.layout().recordsBucket(), "warm-up/absent.json");
      cloud.requests().depth();
    } catch (RuntimeException e) {
      // Not provisioned yet, or unreachable: the node waits such things out itself; the clients are warm anyway.
    }
    ImageJob job = Json.read(Json.write(new ImageJob("warm-up", "warm-up.jpg", cloud.layout().imageBucket(),
        "warm-up", Instant.now())), ImageJob.class);
    Json.write(ImageResult.failure(job, "warm-up", "warm-up"));
    WorkerNode.spawn(actors, Behaviors.stopped(), "warm-up");
    return (System.nanoTime() - start) / 1_000_000;
  }
}
