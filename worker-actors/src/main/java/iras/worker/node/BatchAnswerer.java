package iras.worker.node;

import iras.core.cloud.Cloud;
import iras.core.cloud.ObjectStore;
import iras.core.cloud.ReceivedMessage;
import iras.core.faces.GalleryUnavailableException;
import iras.core.job.AnswerKey;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.worker.answer.Answerer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Turns a batch of requests into results, the node's actor around the model's {@link Answerer}: fetches the
 * images, classifies the new ones in one forward pass, and hands the results to the publisher. It pulls only when it
 * is free to work on what it gets: the next batch while the publisher stores this one, never more than one batch
 * ahead of it.
 *
 * <p>Failures are kept to the request that causes them. An image that cannot be decoded, or that the model fails
 * on, gets an error result at once (retrying would fail the same way). A request seen before (its receive count is
 * above 1) may have crashed a worker: it is classified on its own, so it cannot take others with it again, and if
 * its first worker got as far as storing a result, that result is announced again instead of being recomputed. A
 * message that is not a request is handed back, to reach the dead-letter queue after the queue's receive limit.
 * When storage cannot be read at all (the images, or the face gallery a face model matches against), the actor
 * fails: its supervisor restarts it after a growing pause, and the batch it held reappears on the queue, so an
 * outage pauses the node instead of burning through requests.
 * Runs on the blocking dispatcher: inference holds its thread.
 */
final class BatchAnswerer extends AbstractBehavior<BatchAnswerer.Command> {
  interface Command {}

  private record Work(Poller.Batch batch) implements Command {}

  private record Published(Publisher.Done done) implements Command {}

  /** Batches handed to the publisher and not yet done, beyond which it pulls no more. */
  private static final int PUBLISHING_AHEAD = 2;
  /** How long one image fetch is retried before the request is left for redelivery. */
  private static final Duration FETCH_PATIENCE = Duration.ofSeconds(3);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Answerer model;
  private final String modelIdentity;
  private final AnswerMemory memory = new AnswerMemory();
  private final Cloud cloud;
  private final String instance;
  private final InFlight inFlight;
  private final int batchSize;
  private final ActorRef<Poller.Command> poller;
  private final ActorRef<Publisher.Command> publisher;
  private final ActorRef<Poller.Batch> batches;
  private final ActorRef<Publisher.Done> dones;
  private final Clock clock;
  private boolean pulling;
  private int publishing;
  /** The batch being worked on, released if the actor fails on it. */
  private List<ReceivedMessage> inHand = List.of();

  /**
   * @param modelIdentity what the answers kept for images seen again are kept under (see {@link AnswerKey}); null
   *     when answers are not reused
   */
  static Behavior<Command> create(Answerer model, String modelIdentity, Cloud cloud, String instance,
      InFlight inFlight, int batchSize, ActorRef<Poller.Command> poller, ActorRef<Publisher.Command> publisher,
      Clock clock) {
    return Behaviors.setup(ctx -> new BatchAnswerer(ctx, model, modelIdentity, cloud, instance, inFlight, batchSize,
        poller, publisher, clock));
  }

  private BatchAnswerer(ActorContext<Command> ctx, Answerer model, String modelIdentity, Cloud cloud, String instance,
      InFlight inFlight, int batchSize, ActorRef<Poller.Command> poller, ActorRef<Publisher.Command> publisher,
      Clock clock) {
    super(ctx);
    this.model = model;
    this.modelIdentity = modelIdentity;
    this.cloud = cloud;
    this.instance = instance;
    this.inFlight = inFlight;
    this.batchSize = batchSize;
    this.poller = poller;
    this.publisher = publisher;
    this.clock = clock;
    this.batches = ctx.messageAdapter(Poller.Batch.class, Work::new);
    this.dones = ctx.messageAdapter(Publisher.Done.class, Published::new);
    pullIfRoom();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Work.class, this::work)
        .onMessage(Published.class, p -> {
          // A restarted batch answerer may hear of batches its predecessor handed over.
          publishing = Math.max(0, publishing - 1);
          pullIfRoom();
          return this;
        })
        .onSignal(PreRestart.class, s -> {
          getContext().getLog().warn("batch answerer failed; {} request(s) will reappear on the queue", inHand.size());
          inFlight.released(inHand);
          return this;
        })
        .build();
  }

  private void pullIfRoom() {
    if (!pulling && publishing < PUBLISHING_AHEAD && inFlight.takingNew()) {
      pulling = true;
      poller.tell(new Poller.Pull(batchSize, batches));
    }
  }

  private Behavior<Command> work(Work w) {
    pulling = false;
    List<ReceivedMessage> messages = w.batch().messages();
    if (inFlight.draining()) {
      inFlight.handBack(cloud.requests(), messages);
      return this;
    }
    inHand = messages;
    List<Publisher.Outcome> outcomes = new ArrayList<>();
    List<Loaded> fresh = new ArrayList<>();
    List<Loaded> seenBefore = new ArrayList<>();
    List<ReceivedMessage> unreachable = new ArrayList<>();
    RuntimeException storageFailure = null;
    for (ReceivedMessage m : messages) {
      Optional<ImageJob> job = readJob(m);
      if (job.isEmpty()) {
        inFlight.handBack(cloud.requests(), List.of(m));
        continue;
      }
      try {
        Optional<Publisher.Outcome> stored = m.receiveCount() > 1 ? storedOutcome(m, job.get()) : Optional.empty();
        if (stored.isPresent()) {
          outcomes.add(stored.get());
          continue;
        }
        byte[] image = fetch(job.get());
        Loaded loaded = new Loaded(m, job.get(), image, modelIdentity == null ? null : AnswerKey.digest(image));
        (m.receiveCount() > 1 ? seenBefore : fresh).add(loaded);
      } catch (ObjectStore.NoSuchObjectException e) {
        outcomes.add(Publisher.Outcome.of(m, job.get(), ImageResult.failure(job.get(), "the image is no longer stored",
            instance)));
      } catch (RuntimeException e) {
        unreachable.add(m);
        storageFailure = e;
      }
    }
    if (storageFailure != null && outcomes.isEmpty() && fresh.isEmpty() && seenBefore.isEmpty()) {
      throw new IllegalStateException("storage unreachable for a whole batch", storageFailure);
    }
    if (!unreachable.isEmpty()) {
      getContext().getLog().warn("{} image(s) could not be fetched; left for redelivery: {}", unreachable.size(),
          storageFailure.toString());
      inFlight.released(unreachable);
    }
    outcomes.addAll(answer(fresh));
    for (Loaded l : seenBefore) {
      outcomes.addAll(classify(List.of(l)));
    }
    inHand = List.of();
    if (!outcomes.isEmpty()) {
      publisher.tell(new Publisher.Publish(outcomes, dones));
      publishing++;
    }
    pullIfRoom();
    return this;
  }

  /** @param digest the image's {@link AnswerKey#digest}; null when answers are not reused */
  private record Loaded(ReceivedMessage message, ImageJob job, byte[] image, String digest) {}

  /**
   * Classifies the first of each image in the batch; an image answered here before, or again later in the batch,
   * is answered from {@link AnswerMemory}. A batch that enrols is classified whole: its enrolments change the
   * gallery its other answers depend on.
   */
  private List<Publisher.Outcome> answer(List<Loaded> fresh) {
    if (modelIdentity == null || fresh.stream().anyMatch(l -> l.job().enrolls())) {
      return classify(fresh);
    }
    String gallery = model.galleryVersion();
    List<Loaded> firsts = new ArrayList<>();
    Map<Loaded, AnswerKey> repeats = new LinkedHashMap<>();
    Set<AnswerKey> classifying = new HashSet<>();
    for (Loaded l : fresh) {
      AnswerKey key = AnswerKey.of(l.digest(), modelIdentity, gallery);
      if (memory.recall(key).isPresent() || !classifying.add(key)) {
        repeats.put(l, key);
      } else {
        firsts.add(l);
      }
    }
    List<Publisher.Outcome> outcomes = new ArrayList<>(classify(firsts));
    List<Loaded> unanswered = new ArrayList<>();
    for (Map.Entry<Loaded, AnswerKey> repeat : repeats.entrySet()) {
      Loaded l = repeat.getKey();
      Optional<ImageResult> known = memory.recall(repeat.getValue());
      if (known.isPresent()) {
        outcomes.add(Publisher.Outcome.of(l.message(), l.job(), known.get().reusedFor(l.job())));
      } else {
        // The first of the image failed (errors are not given again), or the gallery changed under the batch.
        unanswered.add(l);
      }
    }
    outcomes.addAll(classify(unanswered));
    return outcomes;
  }

  private Optional<ImageJob> readJob(ReceivedMessage m) {
    try {
      ImageJob job = Json.read(m.body(), ImageJob.class);
      if (job.id() != null && job.bucket() != null && job.key() != null) {
        return Optional.of(job);
      }
      getContext().getLog().warn("request without id, bucket or key handed back for the dead-letter queue: {}",
          m.body());
    } catch (Json.MalformedMessageException e) {
      getContext().getLog().warn("unreadable request handed back for the dead-letter queue: {}", e.getMessage());
    }
    return Optional.empty();
  }

  private Optional<Publisher.Outcome> storedOutcome(ReceivedMessage m, ImageJob job) {
    Instant deadline = clock.instant().plus(FETCH_PATIENCE);
    return Retry.until(clock, deadline, () -> cloud.results().find(job.id()))
        .map(json -> Publisher.Outcome.stored(m, job, json));
  }

  private byte[] fetch(ImageJob job) {
    return Retry.until(clock, clock.instant().plus(FETCH_PATIENCE), () -> cloud.store().get(job.bucket(), job.key()));
  }

  /** One forward pass; if the model fails on the group, each image alone, so only the culprit gets an error. */
  private List<Publisher.Outcome> classify(List<Loaded> group) {
    if (group.isEmpty()) {
      return List.of();
    }
    List<ImageResult> results;
    long start = System.nanoTime();
    long startCpu = THREADS.getCurrentThreadCpuTime();
    try {
      results = model.answer(group.stream().map(Loaded::job).toList(), group.stream().map(Loaded::image).toList(),
          instance);
    } catch (GalleryUnavailableException e) {
      // Like storage that cannot be read: retrying the same images alone would fail the same way.
      throw e;
    } catch (RuntimeException e) {
      if (group.size() == 1) {
        getContext().getLog().warn("model failed on {}: {}", group.get(0).job().id(), e.toString());
        return List.of(Publisher.Outcome.of(group.get(0).message(), group.get(0).job(),
            ImageResult.failure(group.get(0).job(), "the model could not classify this image: " + e, instance)));
      }
      getContext().getLog().warn("model failed on a batch of {}, classifying one by one: {}", group.size(),
          e.toString());
      List<Publisher.Outcome> outcomes = new ArrayList<>();
      for (Loaded l : group) {
        outcomes.addAll(classify(List.of(l)));
      }
      return outcomes;
    }
    inFlight.forwardPass(group.size(), System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - startCpu);
    List<Publisher.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      Loaded l = group.get(i);
      ImageResult result = results.get(i);
      AnswerKey keepAs = keepAs(l, result);
      if (keepAs != null) {
        memory.remember(keepAs, result);
      }
      outcomes.add(Publisher.Outcome.of(l.message(), l.job(), result, keepAs));
    }
    return outcomes;
  }

  /** Answers are kept for the images they answer; an error or an enrolment is not an answer to give again. */
  private AnswerKey keepAs(Loaded l, ImageResult result) {
    if (l.digest() == null || result.failed() || l.job().enrolls()) {
      return null;
    }
    return AnswerKey.of(l.digest(), modelIdentity, result.face() == null ? null : result.face().gallery());
  }
}
