package iras.core.cloud;

import iras.core.settings.Settings;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates a deployment's buckets and queues when they are missing. Idempotent, so every process may call it at
 * start without coordinating.
 */
public final class Provisioner {
  private Provisioner() {}

  public static void ensure(Settings settings, ObjectStore store, SqsClient sqs) {
    CloudLayout layout = CloudLayout.of(settings);
    store.ensureBucket(layout.inputBucket());
    store.ensureBucket(layout.outputBucket());

    String dlqUrl = sqs.createQueue(b -> b.queueName(layout.deadLetterQueue())).queueUrl();
    String dlqArn =
        sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String redrive =
        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + settings.maxReceiveCount() + "\"}";
    sqs.createQueue(
        b ->
            b.queueName(layout.requestQueue())
                .attributes(
                    Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        Long.toString(settings.visibilityTimeout().toSeconds()),
                        QueueAttributeName.REDRIVE_POLICY,
                        redrive)));
    sqs.createQueue(b -> b.queueName(layout.responseQueue()));
    // Heartbeats are only worth their latest value; old ones expire rather than pile up with no controller running.
    sqs.createQueue(
        b -> b.queueName(layout.heartbeatQueue()).attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")));
  }
}
