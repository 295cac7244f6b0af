package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudClients;
import iras.core.cloud.CloudLayout;
import iras.core.settings.Settings;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Connecting gives the request queue the course's MaximumMessageSize, whether it makes the queue or finds it; with
 * provisioning off it makes nothing.
 */
class RequestQueueProvisioningIT {
  @TempDir Path dataDir;

  @Test
  void theRequestQueueEndsWith1024BytesNewOrFoundWithout() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "older");
    ActorSystem system = ActorSystem.create("provisioning");
    try (LocalCloud local = LocalCloud.start(settings, system);
        SqsClient sqs = CloudClients.sqs(local.clientSettings(settings))) {
      // As a version before the limit made it.
      String found = sqs.createQueue(b -> b.queueName(CloudLayout.of(settings).requestQueue())).queueUrl();
      assertEquals("262144", maximumMessageSize(sqs, found));
      try (Cloud cloud = Cloud.connect(local.clientSettings(settings))) {
        assertEquals("1024", maximumMessageSize(sqs, found));
      }

      Settings fresh = settings.with("deployment", "fresh");
      try (Cloud cloud = Cloud.connect(local.clientSettings(fresh))) {
        String made = sqs.getQueueUrl(b -> b.queueName(cloud.layout().requestQueue())).queueUrl();
        assertEquals("1024", maximumMessageSize(sqs, made));
        assertEquals("262144", maximumMessageSize(sqs,
            sqs.getQueueUrl(b -> b.queueName(cloud.layout().responseQueue())).queueUrl()), "only the requests'");
      }
    } finally {
      system.terminate();
    }
  }

  /** A stack owns a deployment made by iras aws up: whatever a process made beside it would outlive iras aws down. */
  @Test
  void withProvisioningOffConnectingMakesNothing() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "stackmade").with("cloud.provision", false);
    ActorSystem system = ActorSystem.create("no-provisioning");
    try (LocalCloud local = LocalCloud.start(settings, system);
        SqsClient sqs = CloudClients.sqs(local.clientSettings(settings));
        S3Client s3 = CloudClients.s3(local.clientSettings(settings))) {
      assertThrows(QueueDoesNotExistException.class, () -> Cloud.connect(local.clientSettings(settings)));
      assertEquals(List.of(), sqs.listQueues(b -> b.queueNamePrefix("stackmade")).queueUrls());
      assertEquals(List.of(), s3.listBuckets().buckets().stream().map(b -> b.name())
          .filter(n -> n.startsWith("stackmade")).toList());
    } finally {
      system.terminate();
    }
  }

  private static String maximumMessageSize(SqsClient sqs, String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.MAXIMUM_MESSAGE_SIZE))
        .attributes().get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
  }
}
