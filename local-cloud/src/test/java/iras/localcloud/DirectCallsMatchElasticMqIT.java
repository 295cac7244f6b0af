package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudClients;
import iras.core.settings.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The hot calls the front answers from ElasticMQ's actors give the SDK what ElasticMQ's own HTTP server gives it:
 * the same sequence of calls, through the real SDK (which checks every MD5 it is answered), once through the front
 * and once straight to ElasticMQ, each on queues of its own, leaves the same transcript of what the SDK returned.
 */
class DirectCallsMatchElasticMqIT {
  private static final Map<String, MessageAttributeValue> ATTRIBUTES = Map.of(
      "colour", MessageAttributeValue.builder().dataType("String").stringValue("blue é").build(),
      "count", MessageAttributeValue.builder().dataType("Number.int").stringValue("42").build(),
      "raw", MessageAttributeValue.builder().dataType("Binary")
          .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})).build());

  @TempDir Path dataDir;
  ActorSystem system;
  LocalCloud cloud;
  Settings settings;

  @BeforeEach
  void start() throws Exception {
    settings = EmbeddedCloudSettings.of(dataDir, "direct");
    system = ActorSystem.create("direct");
    cloud = LocalCloud.start(settings, system);
  }

  @AfterEach
  void stop() throws Exception {
    cloud.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theSdkSeesTheSameThroughTheFrontAsFromElasticMq() {
    List<String> direct;
    List<String> elasticMq;
    try (SqsClient front = CloudClients.sqs(cloud.clientSettings(settings));
        SqsClient past = CloudClients.sqs(
            cloud.clientSettings(settings).with("cloud.sqs-endpoint", cloud.elasticMqEndpoint().toString()))) {
      direct = transcript(front, "front");
      elasticMq = transcript(past, "elasticmq");
    }
    assertEquals(elasticMq, direct);
  }

  /** What the SDK returns for the hot calls on a queue with dead letters, made with {@code prefix}. */
  private static List<String> transcript(SqsClient sqs, String prefix) {
    List<String> seen = new ArrayList<>();
    String deadLetters = sqs.createQueue(b -> b.queueName(prefix + "-dead")).queueUrl();
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    String queue = sqs.createQueue(b -> b.queueName(prefix + "-work").attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, "30",
        QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + arn + "\"}")))
        .queueUrl();

    var sent = sqs.sendMessage(b -> b.queueUrl(queue).messageBody("first ✓").messageAttributes(ATTRIBUTES));
    seen.add("send: body md5 " + sent.md5OfMessageBody() + ", attributes md5 " + sent.md5OfMessageAttributes()
        + ", id given " + !sent.messageId().isEmpty());
    var batch = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
        SendMessageBatchRequestEntry.builder().id("plain").messageBody("second").build(),
        SendMessageBatchRequestEntry.builder().id("attributed").messageBody("third")
            .messageAttributes(Map.of("colour", ATTRIBUTES.get("colour"))).build(),
        SendMessageBatchRequestEntry.builder().id("later").messageBody("delayed").delaySeconds(4).build()));
    batch.successful().stream().sorted(Comparator.comparing(e -> e.id())).forEach(e -> seen.add(
        "batch sent " + e.id() + ": " + e.md5OfMessageBody() + " " + e.md5OfMessageAttributes()));
    seen.add("batch failed " + batch.failed());

    List<Message> first = receive(sqs, queue, 10, 0, List.of("All"));
    seen.add("first receive (the delayed one not yet): " + describe(first));
    Message firstOne = first.stream().filter(m -> m.body().equals("first ✓")).findFirst().orElseThrow();
    Message second = first.stream().filter(m -> m.body().equals("second")).findFirst().orElseThrow();
    Message third = first.stream().filter(m -> m.body().equals("third")).findFirst().orElseThrow();

    sqs.changeMessageVisibility(b -> b.queueUrl(queue).receiptHandle(firstOne.receiptHandle()).visibilityTimeout(0));
    var changed = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue).entries(
        ChangeMessageVisibilityBatchRequestEntry.builder().id("ok").receiptHandle(second.receiptHandle())
            .visibilityTimeout(0).build(),
        ChangeMessageVisibilityBatchRequestEntry.builder().id("forged").receiptHandle("forged")
            .visibilityTimeout(0).build()));
    seen.add("visibility batch: " + changed.successful().stream().map(e -> e.id()).toList() + " "
        + changed.failed().stream().map(f -> f.id() + " " + f.code() + " " + f.senderFault()).toList());
    List<Message> again = receive(sqs, queue, 10, 0, List.of("a-name-no-message-has"));
    seen.add("second receive: " + describe(again));

    var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(queue).entries(
        DeleteMessageBatchRequestEntry.builder().id("third").receiptHandle(third.receiptHandle()).build(),
        DeleteMessageBatchRequestEntry.builder().id("forged").receiptHandle("forged").build()));
    seen.add("delete batch: " + deleted.successful().stream().map(e -> e.id()).toList() + " "
        + deleted.failed().stream().map(f -> f.id() + " " + f.code() + " " + f.senderFault()).toList());
    Message secondAgain = again.stream().filter(m -> m.body().equals("second")).findFirst().orElseThrow();
    sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(secondAgain.receiptHandle()));
    seen.add("delete twice: " + refusal(() -> sqs.deleteMessage(
        b -> b.queueUrl(queue).receiptHandle(secondAgain.receiptHandle())))
        .replace(secondAgain.receiptHandle(), "<its handle>"));
    seen.add("delete forged: " + refusal(() -> sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle("forged"))));
    seen.add("visibility forged: " + refusal(() -> sqs.changeMessageVisibility(
        b -> b.queueUrl(queue).receiptHandle("forged").visibilityTimeout(5))));

    // The first message was received twice, the queue's most: made visible again, it goes to the dead letters.
    Message firstAgain = again.stream().filter(m -> m.body().equals("first ✓")).findFirst().orElseThrow();
    sqs.changeMessageVisibility(
        b -> b.queueUrl(queue).receiptHandle(firstAgain.receiptHandle()).visibilityTimeout(0));
    // A long poll: the delayed message arrives within it, the first one is moved on the way.
    List<Message> polled = receive(sqs, queue, 10, 20, List.of("a-name-no-message-has"));
    seen.add("long poll: " + describe(polled));
    seen.add("dead letters: " + describe(receive(sqs, deadLetters, 10, 5, List.of("colour", "count"))));

    String missing = queue.replace("-work", "-missing");
    seen.add("receive from a missing queue: " + refusal(() -> sqs.receiveMessage(b -> b.queueUrl(missing))));
    seen.add("send to a missing queue: " + refusal(() -> sqs.sendMessage(b -> b.queueUrl(missing).messageBody("x"))));
    seen.add("delete from a missing queue: " + refusal(() -> sqs.deleteMessage(
        b -> b.queueUrl(missing).receiptHandle("forged"))));
    seen.add("too many to receive: " + refusal(() -> sqs.receiveMessage(
        b -> b.queueUrl(queue).maxNumberOfMessages(11))));
    return seen;
  }

  private static List<Message> receive(SqsClient sqs, String queue, int most, int waitSeconds,
      List<String> messageAttributes) {
    return sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(most).waitTimeSeconds(waitSeconds)
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
            MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
            MessageSystemAttributeName.SENDER_ID)
        .messageAttributeNames(messageAttributes)).messages();
  }

  /** The messages in the order of their bodies, without what differs from queue to queue (ids, handles, times). */
  private static String describe(List<Message> messages) {
    List<String> described = new ArrayList<>();
    for (Message m : messages.stream().sorted(Comparator.comparing(Message::body)).toList()) {
      Map<String, String> attributes = new TreeMap<>();
      m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
      long sent = Long.parseLong(attributes.remove("SentTimestamp"));
      long firstReceived = Long.parseLong(attributes.remove("ApproximateFirstReceiveTimestamp"));
      assertTrue(sent > 0 && firstReceived >= sent, "times of " + m);
      assertTrue(m.receiptHandle().startsWith(m.messageId()), "a handle of ElasticMQ's " + m.receiptHandle());
      described.add(m.body() + " md5 " + m.md5OfBody() + " " + attributes + " attributes md5 "
          + m.md5OfMessageAttributes() + " " + new TreeMap<>(m.messageAttributes()));
    }
    return described.toString();
  }

  private static String refusal(Supplier<?> call) {
    try {
      return "answered " + call.get();
    } catch (SqsException e) {
      return e.getClass().getSimpleName() + " " + e.statusCode() + " " + e.awsErrorDetails().errorCode() + " "
          + e.awsErrorDetails().errorMessage();
    }
  }
}
