package iras.worker.node;

import iras.core.cloud.MessageQueue;
import iras.core.fleet.Heartbeat;
import iras.core.job.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Tells the controller what this node is doing: every second, and within a quarter second of a change between idle,
 * busy and draining, so the controller can scale in an idle node quickly and never one holding work.
 */
final class HeartbeatSender {
  interface Command {}

  private enum Tick implements Command { INSTANCE }

  private static final Duration CHECK_EVERY = Duration.ofMillis(250);
  private static final Duration SEND_AT_LEAST_EVERY = Duration.ofSeconds(1);

  private HeartbeatSender() {}

  static Behavior<Command> create(MessageQueue heartbeats, String instance, InFlight inFlight, Clock clock) {
    return Behaviors.withTimers(
        timers -> {
          timers.startTimerWithFixedDelay(Tick.INSTANCE, CHECK_EVERY);
          return sending(heartbeats, instance, inFlight, clock, null, Instant.EPOCH);
        });
  }

  private static Behavior<Command> sending(
      MessageQueue heartbeats, String instance, InFlight inFlight, Clock clock, Heartbeat.State lastState,
      Instant lastSent) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Tick.INSTANCE, () -> {
          Heartbeat.State state = inFlight.state();
          Instant now = clock.instant();
          if (state == lastState && now.isBefore(lastSent.plus(SEND_AT_LEAST_EVERY))) {
            return Behaviors.same();
          }
          // Passes in a heartbeat that is lost are not sent again: the figures are statistics, not accounts.
          if (!send(heartbeats, new Heartbeat(instance, state, inFlight.held(), inFlight.published(), now,
              inFlight.takePasses()))) {
            return Behaviors.same();
          }
          return sending(heartbeats, instance, inFlight, clock, state, now);
        })
        .build();
  }

  /** Sends one heartbeat; a lost one is harmless, the next follows within a second. */
  static boolean send(MessageQueue heartbeats, Heartbeat heartbeat) {
    try {
      heartbeats.send(Json.write(heartbeat));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
