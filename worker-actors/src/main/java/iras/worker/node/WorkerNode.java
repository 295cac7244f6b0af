package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.job.AnswerKey;
import iras.core.settings.Settings;
import iras.worker.answer.Answerer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app tier on one instance: a poller that pulls requests, a batch answerer that runs the model on them in batches,
 * a publisher that stores results and then deletes requests, a visibility keeper that keeps held requests hidden,
 * a dead-letter answerer, and a heartbeat that tells the controller its state. A child that fails is restarted after
 * a pause that grows while it keeps failing; a child that stops for good stops the node, so the process exits and
 * its instance is replaced rather than left half-working. Blocking work runs on its own dispatcher so the actor
 * system's threads stay free. An instance is one running node, the process's only hold on it: what the node holds
 * and where it is in its life stay inside.
 */
final class WorkerNode {
  /** Ends the node's actors; what they hold is the caller's to settle first. */
  record Stop() {}

  private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);
  private static final DispatcherSelector BLOCKING = DispatcherSelector.fromConfig("iras-blocking-dispatcher");
  /** The one thread that runs the model, warm-up included (see the dispatcher's configuration for why). */
  static final DispatcherSelector INFERENCE = DispatcherSelector.fromConfig("iras-inference-dispatcher");
  /** Longest the process's actor system may take to spawn a node: it only has to create the actor. */
  private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

  private final Runnable end;
  private final CompletionStage<Done> ended;
  private final Cloud cloud;
  private final InFlight inFlight;

  /**
   * @param end ends the node's actors
   * @param ended completes when they have ended, whoever ended them
   */
  WorkerNode(Runnable end, CompletionStage<Done> ended, Cloud cloud, InFlight inFlight) {
    this.end = end;
    this.ended = ended;
    this.cloud = cloud;
    this.inFlight = inFlight;
  }

  /**
   * Starts a node serving under the settings' instance name, in the process's actor system. Each wake of a resident
   * process starts a node, so it spawns one actor where a system of its own took a tenth of a second to create
   * (docs/PERFORMANCE.md); the node's dispatcher threads are the system's, and only one node runs at a time.
   */
  static WorkerNode start(ActorSystem<SpawnProtocol.Command> actors, Settings settings, Cloud cloud, Answerer model,
                          Clock clock) {
    InFlight inFlight = new InFlight();
    CompletableFuture<Done> ended = new CompletableFuture<>();
    Behavior<Stop> node = create(settings, cloud, model, inFlight, clock, ended);
    ActorRef<Stop> ref = spawn(actors, node, "node");
    return new WorkerNode(() -> ref.tell(new Stop()), ended, cloud, inFlight);
  }

  /** Spawns {@code behavior} at the top of the process's actor system, under {@code name} or a variant of it. */
  static <T> ActorRef<T> spawn(ActorSystem<SpawnProtocol.Command> actors, Behavior<T> behavior, String name) {
    return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(actors,
            replyTo -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), replyTo), SPAWN_TIMEOUT,
            actors.scheduler())
        .toCompletableFuture().join();
  }

  /**
   * The node's actors, holding what {@code inFlight} says; time from {@code clock} decides its patience.
   *
   * @param ended completed once the node and all its actors have stopped
   */
  static Behavior<Stop> create(Settings settings, Cloud cloud, Answerer model, InFlight inFlight, Clock clock,
                               CompletableFuture<Done> ended) {
    // Read before the actors start: a setting that cannot be read fails this call, where a failure inside the setup
    // would stop the node's actor before it could signal its end.
    String instance = settings.instanceId();
    Duration waitTime = settings.queueWaitTime();
    Duration visibility = settings.visibilityTimeout();
    int maxReceiveCount = settings.maxReceiveCount();
    int batchSize = settings.batchSize();
    String modelIdentity = settings.reuseAnswers() ? AnswerKey.modelIdentity(settings) : null;
    return Behaviors.setup(ctx -> {
      ActorRef<Publisher.Command> publisher = start(ctx, Publisher.create(cloud, inFlight, clock), "publisher");
      ActorRef<Poller.Command> poller = start(ctx, Poller.create(cloud.requests(), waitTime, inFlight), "poller");
      start(ctx, VisibilityKeeper.create(cloud.requests(), inFlight, visibility), "visibility-keeper");
      start(ctx, HeartbeatSender.create(cloud.queue(cloud.layout().heartbeatQueue()), instance, inFlight, clock),
          "heartbeat");
      start(ctx, DeadLetterAnswerer.create(cloud, cloud.queue(cloud.layout().deadLetterQueue()), instance,
          maxReceiveCount, waitTime, inFlight), "dead-letters");
      start(ctx, BatchAnswerer.create(model, modelIdentity, cloud, instance, inFlight, batchSize, poller, publisher,
          clock), "batch-answerer", INFERENCE);
      return Behaviors.receive(Stop.class)
          .onMessage(Stop.class, stop -> Behaviors.stopped())
          .onSignal(Terminated.class, t -> {
            ctx.getLog().error("{} stopped; stopping the node", t.getRef().path().name());
            return Behaviors.stopped();
          })
          // Signalled once every child has stopped.
          .onSignal(PostStop.class, stopped -> {
            ended.complete(Done.getInstance());
            return Behaviors.same();
          })
          .build();
    });
  }

  private static <T> ActorRef<T> start(ActorContext<Stop> ctx, Behavior<T> behavior, String name) {
    return start(ctx, behavior, name, BLOCKING);
  }

  private static <T> ActorRef<T> start(ActorContext<Stop> ctx, Behavior<T> behavior, String name,
                                       DispatcherSelector dispatcher) {
    ActorRef<T> child = ctx.spawn(
        Behaviors.supervise(behavior)
            .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2)),
        name, dispatcher);
    ctx.watch(child);
    return child;
  }

  /**
   * Stops the node gracefully: it takes no more requests, finishes and publishes what it holds for up to
   * {@code timeout}, hands anything left back to the queue at once, and ends its actors.
   *
   * @return true when everything held was finished
   */
  boolean drain(Duration timeout) throws InterruptedException {
    inFlight.enter(InFlight.Phase.DRAINING);
    return stopWhenDone(timeout);
  }

  /**
   * Stops a node that is not going away: like {@link #drain}, except that what a receive under way still brings
   * is classified too, where a drain hands it back (each hand-back counts towards the dead-letter queue).
   */
  boolean pause(Duration timeout) throws InterruptedException {
    inFlight.enter(InFlight.Phase.PAUSING);
    return stopWhenDone(timeout);
  }

  /**
   * Gives up at once: whatever is held goes back to the queue (when the queue still answers; else it reappears
   * when its visibility lapses) and the actors end. For a process that must end now, not in a batch's time.
   */
  void abandon() {
    inFlight.enter(InFlight.Phase.DRAINING);
    inFlight.handBackAll(cloud.requests());
    end.run();
  }

  private boolean stopWhenDone(Duration timeout) throws InterruptedException {
    boolean finished = inFlight.awaitNone(timeout);
    if (!finished) {
      log.warn("stopping with {} request(s) unfinished; handing them back to the queue", inFlight.held());
      inFlight.enter(InFlight.Phase.DRAINING);
      inFlight.handBackAll(cloud.requests());
    }
    end.run();
    return finished;
  }

  /** Completes when the node's actors have ended, whoever ended them. */
  CompletionStage<Done> whenTerminated() {
    return ended;
  }

  /** Whether the node was told to stop (a drain, a pause), as opposed to ending by a failure of its own. */
  boolean askedToStop() {
    return inFlight.phase() != InFlight.Phase.SERVING;
  }

  /** Results published since the node started. */
  long published() {
    return inFlight.published();
  }
}
