package iras.core.cloud;

import iras.core.job.JobResults;
import iras.core.job.StoredAnswers;
import iras.core.settings.Settings;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A connection to one deployment's buckets and queues, shared by everything in a process. */
public final class Cloud implements AutoCloseable {
  private final CloudLayout layout;
  private final ObjectStore store;
  private final SqsClient sqs;
  private final MessageQueue requests;
  private final MessageQueue responses;
  private final JobResults results;
  private final StoredAnswers answers;
  private final CourseObjects course;

  private Cloud(Settings settings) {
    this.layout = CloudLayout.of(settings);
    this.store = new ObjectStore(CloudClients.s3(settings));
    this.sqs = CloudClients.sqs(settings);
    if (settings.provision()) {
      Provisioner.ensure(settings, store, sqs);
    }
    this.requests = new MessageQueue(sqs, layout.requestQueue());
    this.responses = new MessageQueue(sqs, layout.responseQueue());
    this.results = new StoredResults(store, layout.recordsBucket());
    this.answers = settings.reuseAnswers() ? new StoredAnswerObjects(store, layout.recordsBucket()) : StoredAnswers.NONE;
    this.course = new CourseObjects(store, layout);
  }

  /** Connects and, unless the settings turn provisioning off, creates whatever buckets and queues are missing. */
  public static Cloud connect(Settings settings) {
    return new Cloud(settings);
  }

  public CloudLayout layout() {
    return layout;
  }

  public ObjectStore store() {
    return store;
  }

  /** Each job's stored result, in the records bucket. */
  public JobResults results() {
    return results;
  }

  /** Answers kept by image and model, for images answered before; none when the settings turn reuse off. */
  public StoredAnswers answers() {
    return answers;
  }

  /** The course's objects, written only in the course's profile. */
  public CourseObjects course() {
    return course;
  }

  public MessageQueue requests() {
    return requests;
  }

  public MessageQueue responses() {
    return responses;
  }

  public MessageQueue queue(String name) {
    return new MessageQueue(sqs, name);
  }

  @Override
  public void close() {
    store.close();
    sqs.close();
  }
}
