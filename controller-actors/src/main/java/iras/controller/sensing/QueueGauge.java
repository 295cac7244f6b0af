package iras.controller.sensing;

import iras.core.cloud.MessageQueue;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Reads the request queue's depth every interval and hands it to the controller. Blocks on SQS: own dispatcher.
 *
 * <p>While the last sample found the queue empty, a request's arrival ({@link RequestArrivals}) is read at once, so a
 * burst from rest wakes the fleet without waiting for the next interval. Once a sample finds work, arrivals are
 * ignored until one finds the queue empty again: under load every upload arrives, and one look per interval is
 * enough.
 */
final class QueueGauge {
  sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private enum Arrival implements Command { INSTANCE }

  private QueueGauge() {}

  static Behavior<Command> create(MessageQueue requests, Duration interval, RequestArrivals arrivals,
      ActorRef<Sensors.Depth> controller) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, interval);
      ActorRef<Command> self = ctx.getSelf();
      arrivals.whenSent(() -> self.tell(Arrival.INSTANCE));
      return new Sampling(ctx, requests, controller).working();
    }));
  }

  /** The gauge's two states: the queue last seen empty (an arrival is read at once) or not. */
  private record Sampling(ActorContext<Command> ctx, MessageQueue requests, ActorRef<Sensors.Depth> controller) {
    Behavior<Command> empty() {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, this::sample)
          .onMessageEquals(Arrival.INSTANCE, this::sample)
          .build();
    }

    Behavior<Command> working() {
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, this::sample)
          .onMessageEquals(Arrival.INSTANCE, Behaviors::same)
          .build();
    }

    private Behavior<Command> sample() {
      try {
        MessageQueue.QueueDepth depth = requests.depth();
        controller.tell(new Sensors.Depth(depth.visible(), depth.inFlight(), Instant.now()));
        return depth.visible() == 0 && depth.inFlight() == 0 ? empty() : working();
      } catch (RuntimeException e) {
        // No sample, no scaling decision: the fleet stays as it is until the queue answers again.
        ctx.getLog().warn("cannot read the depth of {}: {}", requests.name(), e.toString());
        return Behaviors.same();
      }
    }
  }
}
