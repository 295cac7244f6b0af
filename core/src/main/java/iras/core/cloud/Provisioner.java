package iras.core.cloud;

import iras.core.settings.Settings;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates a deployment's buckets and queues when they are missing. Idempotent, so every process may call it at
 * start without coordinating.
 */
public final class Provisioner {
  private Provisioner() {}

  static void ensure(Settings settings, S3ObjectStore store, SqsClient sqs) {
    CloudLayout layout = CloudLayout.of(settings);
    store.ensureBucket(layout.inputBucket());
    store.ensureBucket(layout.outputBucket());
    store.ensureBucket(layout.recordsBucket());

    String dlqUrl = sqs.createQueue(b -> b.queueName(layout.deadLetterQueue())).queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrive =
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + settings.maxReceiveCount() + "\"}";
    Map<QueueAttributeName, String> requestAttributes = Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(settings.visibilityTimeout().toSeconds()),
        QueueAttributeName.REDRIVE_POLICY, redrive,
        QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(CloudLayout.REQUEST_MAX_MESSAGE_BYTES));
    try {
      sqs.createQueue(b -> b.queueName(layout.requestQueue()).attributes(requestAttributes));
    } catch (QueueNameExistsException changed) {
      // A queue made under other settings (a new visibility timeout, an older version without a size limit): the
      // settings win, its messages stay.
      String url = sqs.getQueueUrl(b -> b.queueName(layout.requestQueue())).queueUrl();
      sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(requestAttributes));
    }
    sqs.createQueue(b -> b.queueName(layout.responseQueue()));
    // Heartbeats are only worth their latest value; old ones expire rather than pile up with no controller running.
    sqs.createQueue(
        b -> b.queueName(layout.heartbeatQueue()).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")));
  }
}
