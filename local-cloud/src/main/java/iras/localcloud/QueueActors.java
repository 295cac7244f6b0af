package iras.localcloud;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.msg.LookupQueue;
import scala.Option;

/**
 * ElasticMQ's queue manager and its queue actors, asked in their own messages. Every ask is bounded: an actor that
 * does not answer in time fails the call (the front answers a server error the SDK retries) instead of holding it.
 * A queue actor answers a call only once the events it raised were stored, so an answer given here is as durable
 * as one given by ElasticMQ's HTTP server, which asks the same actors.
 *
 * <p>What follows an answer (the front's JSON and its write to the client) runs on the given executor. The stage
 * Pekko's ask returns runs even a plain {@code thenApply} asynchronously on the JDK's default executor, and on two
 * cores that is not a pool: it starts a thread per step. Every SQS call then made and ended several threads, an
 * eighth of the local JVM's CPU under load (docs/PERFORMANCE.md, "Glue").
 */
final class QueueActors {
  /** Far more than an actor's answer takes, less than the clients' socket timeout (40 s) even after a long poll. */
  static final Duration MARGIN = Duration.ofSeconds(10);

  private final ActorRef manager;
  private final Duration margin;
  private final Executor continuations;

  QueueActors(ActorRef manager, Executor continuations) {
    this(manager, MARGIN, continuations);
  }

  /**
   * @param margin how much longer than its own wait an ask may take
   * @param continuations where the steps after an answer run: threads that live on (the actor system's dispatcher)
   */
  QueueActors(ActorRef manager, Duration margin, Executor continuations) {
    this.manager = manager;
    this.margin = margin;
    this.continuations = continuations;
  }

  /** The actor of the queue named so, if there is one. */
  CompletionStage<Optional<ActorRef>> queue(String name) {
    return continued(Patterns.ask(manager, new LookupQueue(name), margin))
        .thenApply(found -> Optional.ofNullable(((Option<?>) found).getOrElse(() -> null)).map(ActorRef.class::cast));
  }

  /** Asks {@code queue} and waits at most {@code waiting} (a long poll's time) plus the margin. */
  CompletionStage<Object> ask(ActorRef queue, Object message, Duration waiting) {
    return continued(Patterns.ask(queue, message, waiting.plus(margin)));
  }

  /** The answer as a plain future completed on {@link #continuations}, whose next steps run where it completes. */
  private CompletableFuture<Object> continued(CompletionStage<Object> asked) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    asked.whenCompleteAsync((given, failure) -> {
      if (failure != null) {
        answer.completeExceptionally(failure);
      } else {
        answer.complete(given);
      }
    }, continuations);
    return answer;
  }
}
