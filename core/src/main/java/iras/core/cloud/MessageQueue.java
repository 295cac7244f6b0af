package iras.core.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** One SQS queue, addressed by name, with the operations the tiers need. */
public final class MessageQueue {
  /** The most entries SQS takes in one batch call. */
  private static final int BATCH_MAX = 10;

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

  /**
   * Sends the bodies in batches of ten: one call where one per body would spend most of a small message's cost on
   * the request itself.
   *
   * @throws BatchEntryFailedException if the queue refused any entry (the others of that batch were sent)
   */
  public void send(List<String> bodies) {
    for (List<String> chunk : chunks(bodies)) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(chunk.get(i)).build());
      }
      refused("send", sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).failed());
    }
  }

  /**
   * Deletes the messages in batches of ten.
   *
   * @throws BatchEntryFailedException if the queue refused any entry (the others of that batch were deleted)
   */
  public void delete(List<ReceivedMessage> messages) {
    for (List<ReceivedMessage> chunk : chunks(messages)) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder()
            .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).build());
      }
      refused("delete", sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).failed());
    }
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH_MAX) {
      chunks.add(all.subList(from, Math.min(all.size(), from + BATCH_MAX)));
    }
    return chunks;
  }

  private void refused(String action, List<BatchResultErrorEntry> failed) {
    if (!failed.isEmpty()) {
      BatchResultErrorEntry first = failed.get(0);
      throw new BatchEntryFailedException(action + " on " + name + ": " + failed.size() + " entr"
          + (failed.size() == 1 ? "y" : "ies") + " refused, first " + first.code() + " " + first.message(),
          failed.stream().anyMatch(f -> Boolean.TRUE.equals(f.senderFault())));
    }
  }

  /** Some entries of a batch call were refused; retrying the whole batch is safe where its effect is idempotent. */
  public static final class BatchEntryFailedException extends RuntimeException {
    private final boolean senderFault;

    BatchEntryFailedException(String message, boolean senderFault) {
      super(message);
      this.senderFault = senderFault;
    }

    /** Whether an entry was refused for what it is (worth no retry), not for the queue's state. */
    public boolean senderFault() {
      return senderFault;
    }
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
