package iras.localcloud;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.msg.LookupQueue;
import scala.Option;

/**
 * ElasticMQ's queue manager and its queue actors, asked in their own messages. Every ask is bounded: an actor that
 * does not answer in time fails the call (the front answers a server error the SDK retries) instead of holding it.
 * A queue actor answers a call only once the events it raised were stored, so an answer given here is as durable
 * as one given by ElasticMQ's HTTP server, which asks the same actors.
 */
final class QueueActors {
  /** Far more than an actor's answer takes, less than the clients' socket timeout (40 s) even after a long poll. */
  static final Duration MARGIN = Duration.ofSeconds(10);

  private final ActorRef manager;
  private final Duration margin;

  QueueActors(ActorRef manager) {
    this(manager, MARGIN);
  }

  /** @param margin how much longer than its own wait an ask may take */
  QueueActors(ActorRef manager, Duration margin) {
    this.manager = manager;
    this.margin = margin;
  }

  /** The actor of the queue named so, if there is one. */
  CompletionStage<Optional<ActorRef>> queue(String name) {
    return Patterns.ask(manager, new LookupQueue(name), margin)
        .thenApply(found -> Optional.ofNullable(((Option<?>) found).getOrElse(() -> null)).map(ActorRef.class::cast));
  }

  /** Asks {@code queue} and waits at most {@code waiting} (a long poll's time) plus the margin. */
  CompletionStage<Object> ask(ActorRef queue, Object message, Duration waiting) {
    return Patterns.ask(queue, message, waiting.plus(margin));
  }
}
