package iras.core.cloud;

import iras.core.job.JobResults;
import iras.core.job.StoredAnswers;
import iras.core.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A deployment's {@link Cloud} in this process's memory, laid out and provisioned as {@link Provisioner} does it in
 * S3 and SQS: the layout's buckets, a request queue with the settings' visibility timeout, receive limit and 1 KB
 * message limit in front of its dead-letter queue, and the response and heartbeat queues. The ports over the store
 * (results, stored answers, the course's objects) are the ones the SDK cloud uses.
 */
public final class InMemoryCloud implements Cloud {
  /** SQS's default visibility timeout, which the queues other than the request queue keep. */
  private static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(30);

  private final CloudLayout layout;
  private final InMemoryObjectStore store;
  private final Map<String, InMemoryMessageQueue> queues;
  private final JobResults results;
  private final StoredAnswers answers;
  private final CourseObjects course;

  public InMemoryCloud(Settings settings, Clock clock) {
    this.layout = CloudLayout.of(settings);
    this.store = new InMemoryObjectStore(clock, layout.inputBucket(), layout.outputBucket(), layout.recordsBucket());
    InMemoryMessageQueue deadLetters = new InMemoryMessageQueue(layout.deadLetterQueue(), clock, DEFAULT_VISIBILITY);
    this.queues = Map.of(
        layout.requestQueue(), new InMemoryMessageQueue(layout.requestQueue(), clock, settings.visibilityTimeout(),
            CloudLayout.REQUEST_MAX_MESSAGE_BYTES, deadLetters, settings.maxReceiveCount()),
        layout.deadLetterQueue(), deadLetters,
        layout.responseQueue(), new InMemoryMessageQueue(layout.responseQueue(), clock, DEFAULT_VISIBILITY),
        layout.heartbeatQueue(), new InMemoryMessageQueue(layout.heartbeatQueue(), clock, DEFAULT_VISIBILITY));
    this.results = new StoredResults(store, layout.recordsBucket());
    this.answers = settings.reuseAnswers()
        ? new StoredAnswerObjects(store, layout.recordsBucket()) : StoredAnswers.NONE;
    this.course = new CourseObjects(store, layout);
  }

  @Override
  public CloudLayout layout() {
    return layout;
  }

  @Override
  public InMemoryObjectStore store() {
    return store;
  }

  @Override
  public JobResults results() {
    return results;
  }

  @Override
  public StoredAnswers answers() {
    return answers;
  }

  @Override
  public CourseObjects course() {
    return course;
  }

  @Override
  public InMemoryMessageQueue requests() {
    return queue(layout.requestQueue());
  }

  @Override
  public InMemoryMessageQueue responses() {
    return queue(layout.responseQueue());
  }

  @Override
  public InMemoryMessageQueue queue(String name) {
    InMemoryMessageQueue queue = queues.get(name);
    if (queue == null) {
      throw new IllegalArgumentException("no queue " + name + " in the layout of " + layout);
    }
    return queue;
  }

  /** Wakes every long poll under way, for a test that moved the clock. */
  public void clockMoved() {
    queues.values().forEach(InMemoryMessageQueue::clockMoved);
  }

  @Override
  public void close() {}
}
