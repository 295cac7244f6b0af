package iras.controller.instance;

import iras.controller.fleet.Fleet;
import iras.controller.fleet.WorkerInstance;
import iras.core.fleet.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Owns the life of one worker instance: launching → starting → idle/busy → stopping → stopped, or failed when the
 * instance dies, misses its start timeout or stops sending heartbeats (it is then killed, so a hung instance cannot
 * come back as a duplicate). Reports every change to its owner, and a last report once the instance is gone.
 * Fleet calls block (a process start, an EC2 API call): run it on a blocking dispatcher.
 */
public final class InstanceActor {
  public sealed interface Command {}

  /** The instance's latest heartbeat, and when it arrived. */
  public record Beat(Heartbeat heartbeat, Instant receivedAt) implements Command {}

  /** Stop the instance gracefully: it finishes what it holds first. */
  public enum Stop implements Command { INSTANCE }

  private record Terminated(String reason) implements Command {}

  private enum Silence implements Command { INSTANCE }

  /** Sent to the owner on every change of the instance's view. */
  public record Changed(InstanceView view) {}

  /** Sent to the owner once the instance is gone; {@code last.state()} says whether it was stopped or failed. */
  public record Gone(InstanceView last) {}

  /** How long to watch for a fresh heartbeat before taking the instance for dead. */
  public record Timeouts(Duration start, Duration heartbeat) {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final WorkerInstance instance;
  private final ActorRef<Changed> changes;
  private final ActorRef<Gone> owner;
  private final Timeouts timeouts;
  private final Clock clock;
  private InstanceView view;
  /** The worker's own time of the latest heartbeat applied: SQS does not keep order, an older one is dropped. */
  private Instant latestBeat = Instant.EPOCH;

  private InstanceActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, WorkerInstance instance,
      InstanceView view, ActorRef<Changed> changes, ActorRef<Gone> owner, Timeouts timeouts, Clock clock) {
    this.ctx = ctx;
    this.timers = timers;
    this.instance = instance;
    this.view = view;
    this.changes = changes;
    this.owner = owner;
    this.timeouts = timeouts;
    this.clock = clock;
  }

  /** Launches a new instance named {@code name}. */
  public static Behavior<Command> launch(Fleet fleet, String name, Timeouts timeouts, Clock clock,
      ActorRef<Changed> changes, ActorRef<Gone> owner) {
    return Behaviors.setup(ctx -> {
      WorkerInstance instance;
      try {
        instance = fleet.launch(name);
      } catch (Exception e) {
        ctx.getLog().warn("{}: launch failed: {}", name, e.toString());
        owner.tell(new Gone(InstanceView.unheard(name, "-", InstanceState.LAUNCHING, clock.instant())
            .gone(InstanceState.FAILED, clock.instant(), "launch failed: " + e.getMessage())));
        return Behaviors.stopped();
      }
      ctx.getLog().info("{} launched ({})", name, instance.id());
      return watch(instance, InstanceView.unheard(name, instance.id(), InstanceState.LAUNCHING, clock.instant()),
          timeouts, clock, changes, owner);
    });
  }

  /** Takes over an instance that already runs (found by reconcile); it must report within the start timeout. */
  public static Behavior<Command> adopt(WorkerInstance instance, Timeouts timeouts, Clock clock,
      ActorRef<Changed> changes, ActorRef<Gone> owner) {
    return Behaviors.setup(ctx -> {
      ctx.getLog().info("{} adopted ({})", instance.name(), instance.id());
      return watch(instance,
          InstanceView.unheard(instance.name(), instance.id(), InstanceState.ADOPTED, clock.instant()), timeouts,
          clock, changes, owner);
    });
  }

  private static Behavior<Command> watch(WorkerInstance instance, InstanceView view, Timeouts timeouts,
      Clock clock, ActorRef<Changed> changes, ActorRef<Gone> owner) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.pipeToSelf(instance.terminated(), (reason, error) -> new Terminated(
          error == null ? reason : error.toString()));
      timers.startSingleTimer(Silence.INSTANCE, timeouts.start());
      changes.tell(new Changed(view));
      return new InstanceActor(ctx, timers, instance, view, changes, owner, timeouts, clock).alive();
    }));
  }

  private Behavior<Command> alive() {
    return Behaviors.receive(Command.class)
        .onMessage(Beat.class, b -> {
          Heartbeat h = b.heartbeat();
          if (h.at().isBefore(latestBeat)) {
            return Behaviors.same();
          }
          latestBeat = h.at();
          InstanceState next = view.state() == InstanceState.STOPPING ? InstanceState.STOPPING : stateOf(h.state());
          if (next != InstanceState.STARTING && next != InstanceState.STOPPING) {
            // The start timeout covers boot and model load, which send no heartbeats; after it, silence means death.
            timers.startSingleTimer(Silence.INSTANCE, timeouts.heartbeat());
          }
          update(view.in(next, b.receivedAt()).beat(h.held(), h.jobsDone(), b.receivedAt()));
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, () -> {
          if (view.state() != InstanceState.STOPPING) {
            ctx.getLog().info("{}: stopping", view.name());
            update(view.in(InstanceState.STOPPING, clock.instant()));
            // A stopping instance falls silent before it is gone (an EC2 stop takes a minute); the fleet ends it.
            timers.cancel(Silence.INSTANCE);
            instance.stop();
          }
          return Behaviors.same();
        })
        .onMessageEquals(Silence.INSTANCE, () -> {
          String why = view.lastHeartbeat() == null || view.state() == InstanceState.STARTING
              ? "not ready within " + timeouts.start()
              : "no heartbeat for " + timeouts.heartbeat();
          ctx.getLog().warn("{}: {}; killing it", view.name(), why);
          instance.kill();
          return failing(why);
        })
        .onMessage(Terminated.class, t -> gone(t.reason()))
        .build();
  }

  /** Killed for silence: waits for the fleet to confirm it is gone, so no duplicate runs under its name. */
  private Behavior<Command> failing(String why) {
    return Behaviors.receive(Command.class)
        .onMessage(Terminated.class, t -> {
          view = view.in(InstanceState.FAILED, clock.instant());
          return gone(why + "; " + t.reason());
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> gone(String reason) {
    InstanceState end = view.state() == InstanceState.STOPPING ? InstanceState.STOPPED : InstanceState.FAILED;
    if (end == InstanceState.FAILED) {
      ctx.getLog().warn("{} failed: {}", view.name(), reason);
    } else {
      ctx.getLog().info("{} stopped: {}", view.name(), reason);
    }
    owner.tell(new Gone(view.gone(end, clock.instant(), reason)));
    return Behaviors.stopped();
  }

  private void update(InstanceView next) {
    if (!next.equals(view)) {
      view = next;
      changes.tell(new Changed(view));
    }
  }

  private static InstanceState stateOf(Heartbeat.State s) {
    return switch (s) {
      case STARTING -> InstanceState.STARTING;
      case IDLE -> InstanceState.IDLE;
      case BUSY -> InstanceState.BUSY;
      case DRAINING -> InstanceState.DRAINING;
    };
  }
}
