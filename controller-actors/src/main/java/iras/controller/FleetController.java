package iras.controller;

import iras.controller.fleet.Fleet;
import iras.controller.fleet.WorkerInstance;
import iras.controller.instance.InstanceActor;
import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import iras.controller.scaling.ScalingPolicy;
import iras.controller.sensing.Sensors;
import iras.controller.status.FleetMetrics;
import iras.controller.status.FleetStatus;
import iras.controller.status.Timeline;
import iras.core.fleet.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Sizes the fleet from the request queue's backlog: on each sample it asks the {@link ScalingPolicy} how many
 * instances are wanted, launches the missing ones at once, and stops surplus ones only when their latest heartbeat
 * says they hold nothing. One {@link InstanceActor} per instance owns its life; one that dies is replaced because the
 * next evaluation finds the fleet short. At start it adopts what the fleet already runs for this deployment.
 */
public final class FleetController {
  public sealed interface Command {}

  /** The request queue's depth as SQS approximates it: waiting messages and messages some worker holds. */
  public record Sample(int visible, int inFlight, Instant at) implements Command {}

  /** A heartbeat from the heartbeat queue, and when it arrived. */
  public record Beat(Heartbeat heartbeat, Instant receivedAt) implements Command {}

  public record GetStatus(ActorRef<FleetStatus> replyTo) implements Command {}

  /** Stop every instance gracefully (each finishes what it holds), then reply and stop. */
  public record Shutdown(ActorRef<Done> replyTo) implements Command {}

  public enum Done { INSTANCE }

  private record InstanceChanged(InstanceActor.Changed changed) implements Command {}

  private record InstanceGone(InstanceActor.Gone gone) implements Command {}

  private enum Reconcile implements Command { INSTANCE }

  private static final int GONE_KEPT = 50;
  private static final int EVENTS_KEPT = 50;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  private static final Duration RECONCILE_RETRY = Duration.ofSeconds(2);

  private record Tracked(ActorRef<InstanceActor.Command> actor, InstanceView view) {}

  private final ActorContext<Command> ctx;
  private final Fleet fleet;
  private final ScalingPolicy policy;
  private final InstanceActor.Timeouts timeouts;
  private final Timeline timeline;
  private final FleetMetrics metrics;
  /** Every time the controller reads; tests move it together with the actors' timers. */
  private final Clock clock;
  private final ActorRef<InstanceActor.Changed> changedAdapter;
  private final ActorRef<InstanceActor.Gone> goneAdapter;
  private final Map<String, Tracked> instances = new TreeMap<>(FleetController::byNumber);
  private final Deque<InstanceView> recentlyGone = new ArrayDeque<>();
  private final Deque<FleetStatus.Event> recentEvents = new ArrayDeque<>();
  private long jobsDoneByGone;
  private Sample lastSample;
  private int desired;
  private Duration launchBackoff = Duration.ZERO;
  private Instant noLaunchBefore = Instant.EPOCH;

  private FleetController(ActorContext<Command> ctx, Fleet fleet, ScalingPolicy policy,
      InstanceActor.Timeouts timeouts, Timeline timeline, FleetMetrics metrics, Clock clock) {
    this.ctx = ctx;
    this.fleet = fleet;
    this.policy = policy;
    this.timeouts = timeouts;
    this.timeline = timeline;
    this.metrics = metrics;
    this.clock = clock;
    this.changedAdapter = ctx.messageAdapter(InstanceActor.Changed.class, InstanceChanged::new);
    this.goneAdapter = ctx.messageAdapter(InstanceActor.Gone.class, InstanceGone::new);
    this.desired = policy.min();
  }

  public static String instanceName(int n) {
    return "app-tier-instance-" + n;
  }

  public static Behavior<Command> create(Fleet fleet, ScalingPolicy policy, InstanceActor.Timeouts timeouts,
      Timeline timeline, Sensors sensors, FleetMetrics metrics, Clock clock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      FleetController controller = new FleetController(ctx, fleet, policy, timeouts, timeline, metrics, clock);
      sensors.start(ctx,
          ctx.messageAdapter(Sensors.Depth.class, d -> new Sample(d.visible(), d.inFlight(), d.at())),
          ctx.messageAdapter(Sensors.Beat.class, b -> new Beat(b.heartbeat(), b.receivedAt())));
      return controller.reconciling(timers);
    }));
  }

  /**
   * Adopts what the fleet already runs before anything else: launching without knowing it could start a second
   * fleet. Until the fleet answers (an EC2 API error, say), it retries and launches nothing.
   */
  private Behavior<Command> reconciling(TimerScheduler<Command> timers) {
    try {
      adopt(fleet.reconcile());
    } catch (Exception e) {
      ctx.getLog().warn("cannot see the fleet yet ({}); trying again in {} s", e.toString(),
          RECONCILE_RETRY.toSeconds());
      timers.startSingleTimer(Reconcile.INSTANCE, RECONCILE_RETRY);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Reconcile.INSTANCE, () -> reconciling(timers))
          .onMessage(GetStatus.class, this::status)
          .onMessage(Shutdown.class, s -> stopping(s.replyTo()))
          .onAnyMessage(m -> Behaviors.same())
          .build();
    }
    rebalance(clock.instant());
    return running();
  }

  private void adopt(List<WorkerInstance> running) {
    for (WorkerInstance w : running) {
      track(w.name(), InstanceView.unheard(w.name(), w.id(), InstanceState.ADOPTED, clock.instant()),
          InstanceActor.adopt(w, timeouts, clock, changedAdapter, goneAdapter));
      event(clock.instant(), "adopt", w.name());
    }
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(Sample.class, s -> {
          lastSample = s;
          desired = policy.desired(s.visible() + s.inFlight());
          rebalance(s.at());
          metrics.queue(s.visible(), s.inFlight());
          timeline.sample(s.at(), figures());
          return Behaviors.same();
        })
        .onMessage(Beat.class, this::forward)
        .onMessage(InstanceChanged.class, c -> {
          changed(c.changed().view());
          return Behaviors.same();
        })
        .onMessage(InstanceGone.class, g -> {
          gone(g.gone().last());
          // Replace a failed instance now rather than at the next sample.
          rebalance(clock.instant());
          return Behaviors.same();
        })
        .onMessage(GetStatus.class, this::status)
        .onMessage(Shutdown.class, s -> {
          ctx.getLog().info("stopping {} instance(s)", instances.size());
          instances.values().forEach(t -> t.actor().tell(InstanceActor.Stop.INSTANCE));
          desired = 0;
          return stopping(s.replyTo());
        })
        .build();
  }

  private Behavior<Command> stopping(ActorRef<Done> replyTo) {
    if (instances.isEmpty()) {
      try {
        timeline.close();
      } catch (Exception e) {
        ctx.getLog().warn("closing the timeline: {}", e.toString());
      }
      replyTo.tell(Done.INSTANCE);
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(InstanceChanged.class, c -> {
          changed(c.changed().view());
          return Behaviors.same();
        })
        .onMessage(InstanceGone.class, g -> {
          gone(g.gone().last());
          return stopping(replyTo);
        })
        .onMessage(Beat.class, this::forward)
        .onMessage(GetStatus.class, this::status)
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  /** Launches the missing instances, within the cap; stops surplus ones that hold nothing. */
  private void rebalance(Instant now) {
    List<InstanceView> views = views();
    int active = (int) views.stream().filter(v -> v.state().active()).count();
    if (desired > active && !now.isBefore(noLaunchBefore)) {
      // Instances on their way out still count against the cap: they hold memory, or an EC2 instance slot.
      int room = policy.max() - instances.size();
      for (int i = 0; i < Math.min(desired - active, room); i++) {
        launch(nextName(), now);
      }
    } else if (desired < active) {
      for (String name : ScalingPolicy.toStop(active - desired, views)) {
        Tracked t = instances.get(name);
        t.actor().tell(InstanceActor.Stop.INSTANCE);
        // Counted as on its way out at once, so the next sample does not pick another one for the same surplus.
        instances.put(name, new Tracked(t.actor(), t.view().in(InstanceState.STOPPING, now)));
        event(now, "stop", name);
      }
    }
  }

  private void launch(String name, Instant now) {
    track(name, InstanceView.unheard(name, "-", InstanceState.LAUNCHING, now),
        InstanceActor.launch(fleet, name, timeouts, clock, changedAdapter, goneAdapter));
    event(now, "launch", name);
  }

  private void track(String name, InstanceView view, Behavior<InstanceActor.Command> behavior) {
    // Fleet calls block; each instance gets a thread of the blocking pool, so launches run side by side.
    ActorRef<InstanceActor.Command> actor =
        ctx.spawnAnonymous(behavior, DispatcherSelector.blocking());
    instances.put(name, new Tracked(actor, view));
  }

  private Behavior<Command> forward(Beat b) {
    Tracked t = instances.get(b.heartbeat().instance());
    if (t == null) {
      ctx.getLog().debug("heartbeat from {}, not an instance of this controller", b.heartbeat().instance());
    } else {
      metrics.passes(b.heartbeat().passes());
      t.actor().tell(new InstanceActor.Beat(b.heartbeat(), b.receivedAt()));
    }
    return Behaviors.same();
  }

  private void changed(InstanceView view) {
    Tracked t = instances.get(view.name());
    if (t == null) {
      return;
    }
    if (t.view().state() == InstanceState.STOPPING && view.state() != InstanceState.STOPPING) {
      // Reported before the instance got its stop; it is on its way out all the same.
      view = view.in(InstanceState.STOPPING, t.view().since());
    }
    boolean ready = !ready(t.view().state()) && ready(view.state());
    instances.put(view.name(), new Tracked(t.actor(), view));
    if (ready) {
      launchBackoff = Duration.ZERO;
      event(clock.instant(), "ready", view.name());
    } else {
      metrics.fleet(desired, views());
    }
  }

  private static boolean ready(InstanceState s) {
    return s == InstanceState.IDLE || s == InstanceState.BUSY;
  }

  private void gone(InstanceView last) {
    Tracked t = instances.remove(last.name());
    if (last.state() == InstanceState.FAILED && (t == null || !ready(t.view().state()))) {
      // Failed before it ever served (a bad image, a missing model): back off rather than relaunch in a tight loop.
      launchBackoff = launchBackoff.isZero() ? FIRST_BACKOFF : min(MAX_BACKOFF, launchBackoff.multipliedBy(2));
      noLaunchBefore = clock.instant().plus(launchBackoff);
      ctx.getLog().warn("{} failed to start; next launch in {} s", last.name(), launchBackoff.toSeconds());
    }
    jobsDoneByGone += last.jobsDone();
    recentlyGone.addFirst(last);
    while (recentlyGone.size() > GONE_KEPT) {
      recentlyGone.removeLast();
    }
    event(clock.instant(), last.state().name().toLowerCase(), last.name());
  }

  private Behavior<Command> status(GetStatus g) {
    List<InstanceView> views = views();
    FleetStatus.Queue queue = lastSample == null
        ? new FleetStatus.Queue(0, 0, 0, null)
        : new FleetStatus.Queue(lastSample.visible(), lastSample.inFlight(),
            lastSample.visible() + lastSample.inFlight(), lastSample.at());
    g.replyTo().tell(new FleetStatus(
        fleet.kind(), clock.instant(), queue, desired, (int) views.stream().filter(v -> v.state().active()).count(),
        policy.min(), policy.max(), jobsDoneByGone + views.stream().mapToLong(InstanceView::jobsDone).sum(),
        views, List.copyOf(recentlyGone), List.copyOf(recentEvents), timeline.file().toString()));
    return Behaviors.same();
  }

  private List<InstanceView> views() {
    return instances.values().stream().map(Tracked::view).toList();
  }

  private String nextName() {
    for (int n = 1; ; n++) {
      if (!instances.containsKey(instanceName(n))) {
        return instanceName(n);
      }
    }
  }

  private void event(Instant at, String event, String instance) {
    timeline.event(at, event, instance, figures());
    metrics.event(event);
    recentEvents.addFirst(new FleetStatus.Event(at, event, instance));
    while (recentEvents.size() > EVENTS_KEPT) {
      recentEvents.removeLast();
    }
  }

  /** The fleet's figures as they stand, also handed to the metrics, so every change that reaches them counts. */
  private Timeline.Figures figures() {
    List<InstanceView> views = views();
    metrics.fleet(desired, views);
    return new Timeline.Figures(
        lastSample == null ? 0 : lastSample.visible(), lastSample == null ? 0 : lastSample.inFlight(), desired,
        (int) views.stream().filter(v -> v.state().active()).count(), views.size(),
        (int) views.stream().filter(v -> v.state() == InstanceState.IDLE).count(),
        (int) views.stream().filter(v -> v.state() == InstanceState.BUSY).count());
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** app-tier-instance-2 before app-tier-instance-10. */
  private static int byNumber(String a, String b) {
    return Comparator.comparingInt(String::length).thenComparing(Comparator.<String>naturalOrder()).compare(a, b);
  }
}
