package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Tells the user of a request that kept failing (the queue moved it to the dead-letter queue after its receive
 * limit) that it cannot be classified; if a result was stored for it after all, that result is announced instead. The message stays in the
 * dead-letter queue for an operator, hidden for {@link #KEEP_HIDDEN} so it is not answered over and over; a message
 * that is not a request is kept the same way. Runs on the blocking dispatcher: a long poll blocks.
 */
final class DeadLetterAnswerer {
  interface Command {}

  private enum Poll implements Command { INSTANCE }

  /** The longest SQS allows. */
  static final Duration KEEP_HIDDEN = Duration.ofHours(12);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private DeadLetterAnswerer() {}

  /** @param attempts the request queue's receive limit, how often a dead letter has failed */
  static Behavior<Command> create(Cloud cloud, MessageQueue deadLetters, String instance, int attempts,
      Duration wait, InFlight inFlight) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSelf().tell(Poll.INSTANCE);
      return Behaviors.receive(Command.class)
          .onMessageEquals(Poll.INSTANCE, () -> {
            if (!inFlight.takingNew()) {
              return Behaviors.same();
            }
            try {
              for (ReceivedMessage m : deadLetters.receive(10, wait)) {
                if (answer(cloud, m, instance, attempts)) {
                  inFlight.publishedOne();
                }
                deadLetters.extendVisibility(m, KEEP_HIDDEN);
              }
              ctx.getSelf().tell(Poll.INSTANCE);
            } catch (RuntimeException e) {
              // A message not yet kept reappears after the queue's visibility timeout and is answered then.
              ctx.getLog().warn("dead-letter queue or storage unavailable, retrying: {}", e.toString());
              timers.startSingleTimer(Poll.INSTANCE, RETRY_AFTER);
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  /** @return whether a result was announced for it */
  private static boolean answer(Cloud cloud, ReceivedMessage m, String instance, int attempts) {
    ImageJob job;
    try {
      job = Json.read(m.body(), ImageJob.class);
    } catch (Json.MalformedMessageException e) {
      return false;
    }
    if (job.id() == null) {
      return false;
    }
    Optional<String> stored = cloud.results().find(job.id());
    if (stored.isPresent()) {
      // Its worker stored a result and died before it was announced: announce that one, never a second answer.
      cloud.responses().send(stored.get());
      return true;
    }
    ImageResult failure = ImageResult.failure(job, "the request failed " + attempts
        + " times and was set aside in the dead-letter queue; the image may be damaged or too large", instance);
    String json = Json.write(failure);
    cloud.results().store(job.id(), json);
    cloud.course().answer(job, failure);
    cloud.responses().send(json);
    return true;
  }
}
