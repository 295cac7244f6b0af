package iras.worker.node;

import iras.core.cloud.ObjectStore;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.Guess;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.worker.model.ImageClassifier;
import iras.worker.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Classifies one batch at a time in a single forward pass, then pulls the next batch while the publisher stores
 * this one's results. Runs on the blocking dispatcher: inference holds its thread.
 */
final class Classifier {
  interface Command {}

  private record Work(Poller.Batch batch) implements Command {}

  private Classifier() {}

  static Behavior<Command> create(
      ImageClassifier model,
      ObjectStore store,
      String instance,
      InFlight inFlight,
      int batchSize,
      ActorRef<Poller.Command> poller,
      ActorRef<Publisher.Command> publisher) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Poller.Batch> batches = ctx.messageAdapter(Poller.Batch.class, Work::new);
          poller.tell(new Poller.Pull(batchSize, batches));
          return Behaviors.receive(Command.class)
              .onMessage(Work.class, w -> {
                try {
                  List<Publisher.Outcome> outcomes = classify(ctx, model, store, instance, w.batch());
                  // Requests without an outcome were unreadable; the publisher releases the rest.
                  inFlight.released(w.batch().messages().size() - outcomes.size());
                  publisher.tell(new Publisher.Publish(outcomes));
                } catch (RuntimeException e) {
                  // Storage or the model failed for the whole batch: its requests return to the queue when their
                  // visibility lapses, and reach the dead-letter queue if this keeps happening.
                  ctx.getLog().error("batch of {} failed, left for redelivery", w.batch().messages().size(), e);
                  inFlight.released(w.batch().messages().size());
                }
                poller.tell(new Poller.Pull(batchSize, batches));
                return Behaviors.same();
              })
              .build();
        });
  }

  private record Loaded(ReceivedMessage message, ImageJob job, byte[] image) {}

  private static List<Publisher.Outcome> classify(
      ActorContext<Command> ctx,
      ImageClassifier model,
      ObjectStore store,
      String instance,
      Poller.Batch batch) {
    List<Publisher.Outcome> outcomes = new ArrayList<>();
    List<Loaded> loaded = new ArrayList<>();
    for (ReceivedMessage m : batch.messages()) {
      ImageJob job;
      try {
        job = Json.read(m.body(), ImageJob.class);
      } catch (Json.MalformedMessageException e) {
        // Not ours to answer: left undeleted, it returns until the queue moves it to the dead-letter queue.
        ctx.getLog().warn("unreadable request left for the dead-letter queue: {}", e.getMessage());
        continue;
      }
      try {
        loaded.add(new Loaded(m, job, store.get(job.bucket(), job.key())));
      } catch (NoSuchKeyException e) {
        outcomes.add(new Publisher.Outcome(m, ImageResult.failure(job, "the image is no longer stored", instance)));
      }
    }
    if (loaded.isEmpty()) {
      return outcomes;
    }
    long start = System.nanoTime();
    List<Prediction> predictions = model.classify(loaded.stream().map(Loaded::image).toList());
    long perImageMs = (System.nanoTime() - start) / 1_000_000 / loaded.size();
    for (int i = 0; i < loaded.size(); i++) {
      Loaded l = loaded.get(i);
      Prediction p = predictions.get(i);
      ImageResult result =
          p.error() != null
              ? ImageResult.failure(l.job(), p.error(), instance)
              : ImageResult.success(
                  l.job(),
                  p.top5().stream().map(g -> new Guess(g.label(), g.confidence())).toList(),
                  model.modelName(),
                  instance,
                  perImageMs);
      outcomes.add(new Publisher.Outcome(l.message(), result));
    }
    return outcomes;
  }
}
