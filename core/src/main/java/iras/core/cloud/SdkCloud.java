package iras.core.cloud;

import iras.core.job.JobResults;
import iras.core.job.StoredAnswers;
import iras.core.settings.Settings;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The {@link Cloud} in S3 and SQS (or the embedded servers speaking their protocols), over the SDK's clients. */
final class SdkCloud implements Cloud {
  private final CloudLayout layout;
  private final S3ObjectStore store;
  private final SqsClient sqs;
  private final MessageQueue requests;
  private final MessageQueue responses;
  private final JobResults results;
  private final StoredAnswers answers;
  private final CourseObjects course;

  private SdkCloud(Settings settings) {
    this.layout = CloudLayout.of(settings);
    this.store = new S3ObjectStore(CloudClients.s3(settings));
    this.sqs = CloudClients.sqs(settings);
    if (settings.provision()) {
      Provisioner.ensure(settings, store, sqs);
    }
    this.requests = new SqsMessageQueue(sqs, layout.requestQueue());
    this.responses = new SqsMessageQueue(sqs, layout.responseQueue());
    this.results = new StoredResults(store, layout.recordsBucket());
    this.answers = settings.reuseAnswers()
        ? new StoredAnswerObjects(store, layout.recordsBucket()) : StoredAnswers.NONE;
    this.course = new CourseObjects(store, layout);
  }

  static SdkCloud connect(Settings settings) {
    return new SdkCloud(settings);
  }

  @Override
  public CloudLayout layout() {
    return layout;
  }

  @Override
  public ObjectStore store() {
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
  public MessageQueue requests() {
    return requests;
  }

  @Override
  public MessageQueue responses() {
    return responses;
  }

  @Override
  public MessageQueue queue(String name) {
    return new SqsMessageQueue(sqs, name);
  }

  @Override
  public void close() {
    store.close();
    sqs.close();
  }
}
