package iras.core.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** One SQS queue, addressed by name, with the operations the tiers need. */
public final class MessageQueue {
  private final SqsClient sqs;
  private final String name;
  private final String url;

  public MessageQueue(SqsClient sqs, String name) {
    this.sqs = sqs;
    this.name = name;
    this.url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
  }

  public String name() {
    return name;
  }

  public void send(String body) {
    sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
  }

  /** Waits up to {@code wait} (long poll) for at most {@code max} (1–10) messages. */
  public List<ReceivedMessage> receive(int max, Duration wait) {
    return sqs
        .receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                    .waitTimeSeconds((int) Math.min(20, wait.toSeconds()))
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages()
        .stream()
        .map(
            m ->
                new ReceivedMessage(
                    m.body(),
                    m.receiptHandle(),
                    Integer.parseInt(
                        m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))))
        .toList();
  }

  public void delete(ReceivedMessage message) {
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
  }

  /** Deletes up to ten messages in one call. */
  public void delete(List<ReceivedMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(DeleteMessageBatchRequestEntry.builder()
          .id(Integer.toString(i)).receiptHandle(messages.get(i).receiptHandle()).build());
    }
    sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
  }

  /** Hides a held message for {@code timeout} more from now; zero hands it back to the queue at once. */
  public void extendVisibility(ReceivedMessage message, Duration timeout) {
    sqs.changeMessageVisibility(
        b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout((int) timeout.toSeconds()));
  }

  /** Messages waiting plus messages some consumer holds, as SQS approximates them. */
  public QueueDepth depth() {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return new QueueDepth(
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
  }

  public record QueueDepth(int visible, int inFlight) {
    public int total() {
      return visible + inFlight;
    }
  }
}
