package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stores each result in the output bucket, announces it on the response queue, and only then deletes its request:
 * a crash at any point leaves the request to be redone. A storage or queue outage is waited out, step by step, for
 * up to {@link #GIVE_UP_AFTER} while the visibility keeper keeps the request hidden; only then is the request left
 * to reappear.
 */
final class Publisher {
  interface Command {}

  /**
   * A result ready to publish. {@code stored} means the output bucket already holds exactly {@code json} (a redelivered
   * request whose first worker stored it and died): then it is only announced again, never rewritten.
   */
  record Outcome(ReceivedMessage request, String id, String json, boolean stored) {
    static Outcome of(ReceivedMessage request, ImageResult result) {
      return new Outcome(request, result.id(), Json.write(result), false);
    }
  }

  record Publish(List<Outcome> outcomes, ActorRef<Done> replyTo) implements Command {}

  /** Every outcome of one {@link Publish} is published or given up. */
  record Done() {}

  static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private Publisher() {}

  static Behavior<Command> create(Cloud cloud, InFlight inFlight) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Publish.class, p -> {
          for (Outcome o : p.outcomes()) {
            try {
              publish(cloud, o, Instant.now().plus(GIVE_UP_AFTER));
              inFlight.publishedOne();
            } catch (RuntimeException e) {
              // Left undeleted, the request reappears and is redone; its result object stays the same.
              ctx.getLog().error("could not publish {}: {}", o.id(), e.toString());
            } finally {
              inFlight.released(List.of(o.request()));
            }
          }
          p.replyTo().tell(new Done());
          return Behaviors.same();
        })
        .build());
  }

  private static void publish(Cloud cloud, Outcome o, Instant deadline) {
    if (!o.stored()) {
      Retry.until(deadline, () -> cloud.store().put(cloud.layout().outputBucket(), CloudLayout.resultKey(o.id()),
          o.json().getBytes(StandardCharsets.UTF_8), "application/json"));
    }
    Retry.until(deadline, () -> cloud.responses().send(o.json()));
    Retry.until(deadline, () -> cloud.requests().delete(o.request()));
  }
}
