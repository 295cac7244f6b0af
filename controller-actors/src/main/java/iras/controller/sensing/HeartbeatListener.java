package iras.controller.sensing;

import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import iras.core.job.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Drains the heartbeat queue and hands each fresh heartbeat to the controller. Heartbeats older than
 * {@code staleAfter} (left from before this controller started) are dropped. Blocks on long polls: own dispatcher.
 */
final class HeartbeatListener {
  private enum Poll { INSTANCE }

  /** Short long-polls, so the listener stops promptly with its controller. */
  private static final Duration WAIT = Duration.ofSeconds(1);

  private HeartbeatListener() {}

  static Behavior<Poll> create(MessageQueue heartbeats, Duration staleAfter,
      ActorRef<Sensors.Beat> controller) {
    return Behaviors.setup(ctx -> {
      ctx.getSelf().tell(Poll.INSTANCE);
      return Behaviors.receive(Poll.class)
          .onMessageEquals(Poll.INSTANCE, () -> {
            poll(ctx, heartbeats, staleAfter, controller);
            ctx.getSelf().tell(Poll.INSTANCE);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void poll(ActorContext<Poll> ctx, MessageQueue heartbeats, Duration staleAfter,
      ActorRef<Sensors.Beat> controller) {
    List<ReceivedMessage> got;
    try {
      got = heartbeats.receive(10, WAIT);
    } catch (RuntimeException e) {
      ctx.getLog().warn("cannot read heartbeats from {}: {}", heartbeats.name(), e.toString());
      pause();
      return;
    }
    Instant now = Instant.now();
    for (ReceivedMessage m : got) {
      try {
        Heartbeat h = Json.read(m.body(), Heartbeat.class);
        if (h.at() != null && h.at().isAfter(now.minus(staleAfter))) {
          controller.tell(new Sensors.Beat(h, now));
        }
      } catch (Json.MalformedMessageException e) {
        ctx.getLog().warn("dropping a malformed heartbeat: {}", e.getMessage());
      }
      try {
        heartbeats.delete(m);
      } catch (RuntimeException e) {
        // It comes back once, and is then stale or superseded.
        ctx.getLog().debug("cannot delete a heartbeat: {}", e.toString());
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
