package iras.controller.sensing;

import iras.core.cloud.MessageQueue;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Reads the request queue's depth every interval and hands it to the controller. Blocks on SQS: own dispatcher. */
final class QueueGauge {
  private enum Tick { INSTANCE }

  private QueueGauge() {}

  static Behavior<Tick> create(MessageQueue requests, Duration interval, ActorRef<Sensors.Depth> controller) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ZERO, interval);
      return Behaviors.receive(Tick.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            try {
              MessageQueue.QueueDepth depth = requests.depth();
              controller.tell(new Sensors.Depth(depth.visible(), depth.inFlight(), Instant.now()));
            } catch (RuntimeException e) {
              // No sample, no scaling decision: the fleet stays as it is until the queue answers again.
              ctx.getLog().warn("cannot read the depth of {}: {}", requests.name(), e.toString());
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
