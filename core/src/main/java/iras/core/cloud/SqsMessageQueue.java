package iras.core.cloud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** A {@link MessageQueue} in SQS (or anything speaking its protocol), addressed by name. */
public final class SqsMessageQueue implements MessageQueue {
  private final SqsClient sqs;
  private final String name;
  private final String url;

  /** Looks the queue's URL up; a queue that does not exist fails here with the SDK's own exception. */
  public SqsMessageQueue(SqsClient sqs, String name) {
    this.sqs = sqs;
    this.name = name;
    this.url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(String body) {
    SdkCalls.run("send to " + name, () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)));
  }

  @Override
  public List<ReceivedMessage> receive(int max, Duration wait) {
    return SdkCalls.call("receive from " + name, () -> sqs
        .receiveMessage(
            b ->
                b.queueUrl(url)
                    .maxNumberOfMessages(Math.max(1, Math.min(BATCH_MAX, max)))
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
        .toList());
  }

  @Override
  public void delete(ReceivedMessage message) {
    SdkCalls.run("delete from " + name,
        () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle())));
  }

  @Override
  public void send(List<String> bodies) {
    for (int from = 0; from < bodies.size(); from += BATCH_MAX) {
      // Each entry's id is its position in the whole list, so a refusal names it there.
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(bodies.size(), from + BATCH_MAX); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
      }
      refused("send", SdkCalls.call("send to " + name,
          () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).failed()));
    }
  }

  @Override
  public void delete(List<ReceivedMessage> messages) {
    for (int from = 0; from < messages.size(); from += BATCH_MAX) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(messages.size(), from + BATCH_MAX); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder()
            .id(Integer.toString(i)).receiptHandle(messages.get(i).receiptHandle()).build());
      }
      refused("delete", SdkCalls.call("delete from " + name,
          () -> sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).failed()));
    }
  }

  private void refused(String action, List<BatchResultErrorEntry> failed) {
    if (!failed.isEmpty()) {
      BatchResultErrorEntry first = failed.get(0);
      throw new BatchEntryFailedException(action + " on " + name + ": " + failed.size() + " entr"
          + (failed.size() == 1 ? "y" : "ies") + " refused, first " + first.code() + " " + first.message(),
          failed.stream().anyMatch(f -> Boolean.TRUE.equals(f.senderFault())),
          failed.stream().map(f -> Integer.parseInt(f.id())).collect(Collectors.toSet()));
    }
  }

  @Override
  public void extendVisibility(ReceivedMessage message, Duration timeout) {
    SdkCalls.run("change a message's visibility in " + name, () -> sqs.changeMessageVisibility(
        b -> b.queueUrl(url).receiptHandle(message.receiptHandle()).visibilityTimeout((int) timeout.toSeconds())));
  }

  @Override
  public QueueDepth depth() {
    Map<QueueAttributeName, String> a = SdkCalls.call("read the depth of " + name, () ->
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(url)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes());
    return new QueueDepth(
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
        Integer.parseInt(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")));
  }
}
