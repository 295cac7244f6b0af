package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Stores each result in the output bucket, announces it on the response queue, and only then deletes its request:
 * a crash at any point leaves the request to be redone, and redoing it writes the same result object again.
 */
final class Publisher {
  interface Command {}

  record Outcome(ReceivedMessage request, ImageResult result) {}

  record Publish(List<Outcome> outcomes) implements Command {}

  private static final int ATTEMPTS = 5;

  private Publisher() {}

  static Behavior<Command> create(Cloud cloud, InFlight inFlight) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(Command.class)
                .onMessage(Publish.class, p -> {
                  for (Outcome o : p.outcomes()) {
                    try {
                      publish(cloud, o);
                      inFlight.publishedOne();
                    } catch (RuntimeException e) {
                      // Left undeleted, the request becomes visible again and is classified anew.
                      ctx.getLog().error("could not publish {} after {} attempts: {}", o.result().id(), ATTEMPTS,
                          e.toString());
                    } finally {
                      inFlight.released(1);
                    }
                  }
                  return Behaviors.same();
                })
                .build());
  }

  private static void publish(Cloud cloud, Outcome o) {
    String json = Json.write(o.result());
    retry(() -> cloud.store().put(cloud.layout().outputBucket(), CloudLayout.resultKey(o.result().id()),
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json"));
    retry(() -> cloud.responses().send(json));
    retry(() -> cloud.requests().delete(o.request()));
  }

  private static void retry(Runnable step) {
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (RuntimeException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        Sleep.quietly(Duration.ofMillis(200L << attempt));
      }
    }
  }
}
