package iras.worker.node;

import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps the requests this node holds hidden from other nodes for as long as it works on them: every third of the
 * visibility timeout it extends each held message by a whole timeout. A node that dies stops extending, so its
 * requests reappear within one timeout; a slow batch or a publisher waiting out a storage outage keeps its own.
 */
final class VisibilityKeeper {
  interface Command {}

  private enum Tick implements Command { INSTANCE }

  private VisibilityKeeper() {}

  static Behavior<Command> create(MessageQueue requests, InFlight inFlight, Duration visibility) {
    Duration every = visibility.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0
        ? Duration.ofSeconds(1) : visibility.dividedBy(3);
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, every);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Tick.INSTANCE, () -> {
            for (ReceivedMessage m : inFlight.heldMessages()) {
              // Published or handed back since the snapshot: extending it would hide it again for nothing.
              if (!inFlight.holds(m)) {
                continue;
              }
              try {
                requests.extendVisibility(m, visibility);
              } catch (RuntimeException e) {
                // Deleted meanwhile, or the queue is unreachable: the next tick tries again while it is held.
                ctx.getLog().debug("could not extend visibility: {}", e.toString());
              }
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
