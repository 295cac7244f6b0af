package iras.controller;

import iras.controller.fleet.Fleet;
import iras.controller.scaling.ScalingPolicy;
import iras.controller.sensing.QueueSensors;
import iras.controller.sensing.RequestArrivals;
import iras.controller.status.FleetMetrics;
import iras.controller.status.FleetStatus;
import iras.controller.status.StatusServer;
import iras.controller.status.Timeline;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import iras.core.recovery.RecoverySweep;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running controller: the {@link FleetController} over a fleet, fed by the deployment's queues, with its status
 * server and timeline. Closing it stops every instance gracefully.
 */
public final class Autoscaler implements AutoCloseable {
  /** Longest a close waits for instances to drain; a local worker is killed after 30 s of draining. */
  private static final Duration SHUTDOWN_WITHIN = Duration.ofSeconds(60);

  /** Bounds one pass of the recovery sweep; a longer list waits for the next pass. */
  private static final int RECOVERED_PER_PASS = 1000;

  private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);

  private final ActorRef<FleetController.Command> controller;
  private final Scheduler scheduler;
  private final Fleet fleet;
  private final ScalingPolicy policy;
  private final StatusServer status;
  private final Timeline timeline;
  private final ScheduledExecutorService recovery;

  private Autoscaler(ActorRef<FleetController.Command> controller, Scheduler scheduler, Fleet fleet,
      ScalingPolicy policy, StatusServer status, Timeline timeline, ScheduledExecutorService recovery) {
    this.recovery = recovery;
    this.controller = controller;
    this.scheduler = scheduler;
    this.fleet = fleet;
    this.policy = policy;
    this.status = status;
    this.timeline = timeline;
  }

  /**
   * Starts in {@code system}; the timeline goes under the data dir's {@code timeline/} folder. {@code arrivals} tells
   * of each request sent where something in this process sees them (the embedded cloud), else {@link
   * RequestArrivals#unseen()}.
   */
  public static Autoscaler start(Settings settings, Cloud cloud, Fleet fleet, RequestArrivals arrivals,
      ActorSystem system) throws Exception {
    ControllerSettings c = ControllerSettings.of(settings);
    ScalingPolicy policy = c.policy(fleet.capacity());
    Timeline timeline = Timeline.startIn(settings.localDataDir().resolve("timeline"), settings.deployment());
    var sensors = new QueueSensors(cloud.requests(), cloud.queue(cloud.layout().heartbeatQueue()), c.interval(),
        c.heartbeatTimeout(), arrivals);
    FleetMetrics metrics = new FleetMetrics();
    ActorRef<FleetController.Command> controller = Adapter.spawn(system,
        FleetController.create(fleet, policy, c.timeouts(), timeline, sensors, metrics, Clock.systemUTC()), "fleet");
    Scheduler scheduler = Adapter.toTyped(system).scheduler();
    StatusServer status = StatusServer.start(c.statusHost(), c.statusPort(),
        () -> askStatus(controller, scheduler), timeline.file(), metrics.registry());
    log.info("controller: {} from {} to {} instances, {} jobs each; status at {}status; timeline {}", fleet.kind(),
        policy.min(), policy.max(), c.jobsPerInstance(), status.url(), timeline.file());
    return new Autoscaler(controller, scheduler, fleet, policy, status, timeline, startRecovery(c, cloud));
  }

  /** Runs the recovery sweep now and then every {@code recovery-sweep}, on a thread of its own. */
  private static ScheduledExecutorService startRecovery(ControllerSettings c, Cloud cloud) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "recovery-sweep");
      t.setDaemon(true);
      return t;
    });
    if (c.recoverySweep().isZero()) {
      return executor;
    }
    RecoverySweep sweep = new RecoverySweep(cloud, c.recoveryMinAge(), RECOVERED_PER_PASS, Clock.systemUTC());
    executor.scheduleWithFixedDelay(() -> {
      try {
        sweep.run();
      } catch (RuntimeException e) {
        log.warn("recovery sweep failed, tried again in {}: {}", c.recoverySweep(), e.toString());
      }
    }, 0, c.recoverySweep().toMillis(), TimeUnit.MILLISECONDS);
    return executor;
  }

  /** Where {@code GET /status} answers. */
  public String statusUrl() {
    return status.url() + "status";
  }

  public ScalingPolicy policy() {
    return policy;
  }

  public Timeline timeline() {
    return timeline;
  }

  public Fleet fleet() {
    return fleet;
  }

  public CompletionStage<FleetStatus> status() {
    return askStatus(controller, scheduler);
  }

  private static CompletionStage<FleetStatus> askStatus(
      ActorRef<FleetController.Command> controller, Scheduler scheduler) {
    return AskPattern.ask(controller, FleetController.GetStatus::new, Duration.ofSeconds(5), scheduler);
  }

  @Override
  public void close() throws Exception {
    try {
      AskPattern.<FleetController.Command, FleetController.Done>ask(
              controller, FleetController.Shutdown::new, SHUTDOWN_WITHIN, scheduler)
          .toCompletableFuture()
          .get();
    } finally {
      recovery.shutdownNow();
      status.close();
      fleet.close();
    }
  }
}
