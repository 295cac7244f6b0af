package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import iras.worker.model.ImageClassifier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The app tier on one instance: a poller that pulls requests, a classifier that runs the model on them in batches,
 * a publisher that stores results and then deletes requests, and a heartbeat that tells the controller its state.
 * Blocking work runs on its own dispatcher so the actor system's threads stay free.
 */
public final class WorkerNode {
  private static final DispatcherSelector BLOCKING = DispatcherSelector.fromConfig("iras-blocking-dispatcher");

  private WorkerNode() {}

  /** Drain {@code inFlight} to stop taking requests; those already taken are finished and published. */
  public static Behavior<Void> create(Settings settings, Cloud cloud, ImageClassifier model, InFlight inFlight) {
    return Behaviors.setup(
        ctx -> {
          ActorRef<Publisher.Command> publisher = ctx.spawn(Publisher.create(cloud, inFlight), "publisher", BLOCKING);
          ActorRef<Poller.Command> poller =
              ctx.spawn(Poller.create(cloud.requests(), settings.queueWaitTime(), inFlight), "poller", BLOCKING);
          ctx.spawn(
              HeartbeatSender.create(cloud.queue(cloud.layout().heartbeatQueue()), settings.instanceId(), inFlight),
              "heartbeat",
              BLOCKING);
          ctx.spawn(
              Classifier.create(
                  model, cloud.store(), settings.instanceId(), inFlight, settings.batchSize(), poller, publisher),
              "classifier",
              BLOCKING);
          return Behaviors.empty();
        });
  }
}
