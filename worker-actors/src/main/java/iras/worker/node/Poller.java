package iras.worker.node;

import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Takes requests from the queue only when asked: the batch answerer pulls when it has room, so a busy node never holds
 * messages it cannot work on and other nodes get them instead. A pull waits (long poll) for the first requests, then
 * fills the batch with whatever else is waiting right now, several receives if need be (SQS gives at most 10 per
 * receive), so a lone request is not delayed and a backlog is classified in full batches. Each receive is one
 * message to itself, so the poller never loops inside a handler. Runs on the blocking dispatcher: a long poll blocks.
 * A node that stops taking requests gets what a receive under way brings, and no further receive.
 */
final class Poller {
  interface Command {}

  /** Fetch 1 to {@code max} requests and send them to {@code replyTo}, waiting as long as it takes. */
  record Pull(int max, ActorRef<Batch> replyTo) implements Command {}

  /** Requests taken from the queue; never empty. */
  record Batch(List<ReceivedMessage> messages) {}

  private record Receive(Pull pull, List<ReceivedMessage> gathered) implements Command {}

  /** The most SQS returns from one receive. */
  private static final int RECEIVE_MAX = 10;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private Poller() {}

  /** Once {@code inFlight} is draining, the poller hands back whatever it receives and answers no pull. */
  static Behavior<Command> create(MessageQueue requests, Duration wait, InFlight inFlight) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
        .onMessage(Pull.class, pull -> {
          ctx.getSelf().tell(new Receive(pull, List.of()));
          return Behaviors.same();
        })
        .onMessage(Receive.class, r -> {
          if (inFlight.draining()) {
            inFlight.handBack(requests, r.gathered());
            return Behaviors.same();
          }
          if (!inFlight.takingNew() && r.gathered().isEmpty()) {
            return Behaviors.same();
          }
          int want = Math.min(RECEIVE_MAX, r.pull().max() - r.gathered().size());
          List<ReceivedMessage> got;
          inFlight.receiving();
          try {
            // Only the first receive waits; once something is held, the batch goes out with what is there.
            got = requests.receive(want, r.gathered().isEmpty() ? wait : Duration.ZERO);
          } catch (RuntimeException e) {
            inFlight.receiveFailed();
            ctx.getLog().warn("request queue unavailable, retrying in {}: {}", RETRY_AFTER, e.toString());
            timers.startSingleTimer(r, RETRY_AFTER);
            return Behaviors.same();
          }
          inFlight.taken(got);
          List<ReceivedMessage> gathered = new ArrayList<>(r.gathered());
          gathered.addAll(got);
          boolean full = gathered.size() >= r.pull().max();
          // A node that stops taking requests still works on what it received: handing it back would count as a
          // failed attempt towards the dead-letter queue.
          if (!gathered.isEmpty() && (full || got.isEmpty() || !inFlight.takingNew()) && !inFlight.draining()) {
            r.pull().replyTo().tell(new Batch(List.copyOf(gathered)));
          } else {
            ctx.getSelf().tell(new Receive(r.pull(), gathered));
          }
          return Behaviors.same();
        })
        .build()));
  }
}
