package iras.worker.node;

import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Takes requests from the queue only when asked: the classifier pulls when it has room, so a busy node never holds
 * messages it cannot work on and other nodes get them instead. Runs on the blocking dispatcher: a long poll blocks.
 */
final class Poller {
  interface Command {}

  /** Fetch up to {@code max} requests and send them to {@code replyTo}, waiting as long as it takes. */
  record Pull(int max, ActorRef<Batch> replyTo) implements Command {}

  /** Requests taken from the queue; never empty. */
  record Batch(List<ReceivedMessage> messages) {}

  private Poller() {}

  /** Once {@code inFlight} is draining, the poller hands back whatever it receives and takes nothing more. */
  static Behavior<Command> create(MessageQueue requests, Duration wait, InFlight inFlight) {
    return Behaviors.receive(Command.class)
        .onMessage(Pull.class, pull -> {
          while (!inFlight.draining()) {
            List<ReceivedMessage> got = receive(requests, pull.max(), wait);
            if (inFlight.draining()) {
              got.forEach(m -> requests.extendVisibility(m, Duration.ZERO));
            } else if (!got.isEmpty()) {
              inFlight.taken(got.size());
              pull.replyTo().tell(new Batch(got));
              break;
            }
          }
          return Behaviors.same();
        })
        .build();
  }

  private static List<ReceivedMessage> receive(MessageQueue requests, int max, Duration wait) {
    try {
      return requests.receive(max, wait);
    } catch (RuntimeException e) {
      // The queue is unreachable for now; back off briefly rather than spin, then poll again.
      Sleep.quietly(Duration.ofSeconds(1));
      return List.of();
    }
  }
}
