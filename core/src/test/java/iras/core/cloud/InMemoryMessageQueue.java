package iras.core.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link MessageQueue} in this process's memory, with SQS's semantics: a received message is hidden for the
 * visibility timeout and reappears with its receive count one higher unless deleted; a receive or batch call handles
 * at most ten; a body over the queue's size limit is refused; a message received more than the receive limit moves
 * to the dead-letter queue on its next receive. Visibility follows the injected clock; a long poll waits in real
 * time, as a thread blocked on a socket does, and ends early when a message is sent or handed back.
 */
public final class InMemoryMessageQueue implements MessageQueue {
  /** SQS's default and largest MaximumMessageSize. */
  public static final int SQS_MAX_MESSAGE_BYTES = 262_144;

  private static final class Held {
    final String body;
    int receiveCount;
    Instant visibleAt;
    String receipt;

    Held(String body, Instant visibleAt) {
      this.body = body;
      this.visibleAt = visibleAt;
    }
  }

  private final String name;
  private final Clock clock;
  private final Duration visibilityTimeout;
  private final int maxMessageBytes;
  private final InMemoryMessageQueue deadLetters;
  private final int maxReceiveCount;
  /** In the order sent, as SQS mostly gives them. */
  private final Map<Long, Held> messages = new LinkedHashMap<>();
  private long sent;
  private long receipts;
  private volatile boolean outage;

  public InMemoryMessageQueue(String name, Clock clock, Duration visibilityTimeout) {
    this(name, clock, visibilityTimeout, SQS_MAX_MESSAGE_BYTES, null, 0);
  }

  /**
   * @param deadLetters where a message received more than {@code maxReceiveCount} times goes; null for none
   */
  public InMemoryMessageQueue(String name, Clock clock, Duration visibilityTimeout, int maxMessageBytes,
      InMemoryMessageQueue deadLetters, int maxReceiveCount) {
    this.name = name;
    this.clock = clock;
    this.visibilityTimeout = visibilityTimeout;
    this.maxMessageBytes = maxMessageBytes;
    this.deadLetters = deadLetters;
    this.maxReceiveCount = maxReceiveCount;
  }

  /** While on, every call fails with a {@link CloudUnavailableException} that may pass, as with no connection. */
  public void outage(boolean on) {
    outage = on;
  }

  private void reachable(String what) {
    if (outage) {
      throw new CloudUnavailableException("cannot " + what + " " + name + ": the queue is unreachable", null, true);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void send(String body) {
    reachable("send to");
    if (tooLong(body)) {
      throw new CloudUnavailableException("cannot send to " + name + ": a message of "
          + body.getBytes(StandardCharsets.UTF_8).length + " bytes is longer than the queue's limit of "
          + maxMessageBytes, null, false);
    }
    messages.put(sent++, new Held(body, clock.instant()));
    notifyAll();
  }

  private boolean tooLong(String body) {
    return body.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes;
  }

  @Override
  public synchronized void send(List<String> bodies) {
    reachable("send to");
    for (int from = 0; from < bodies.size(); from += BATCH_MAX) {
      Set<Integer> refused = new HashSet<>();
      for (int i = from; i < Math.min(bodies.size(), from + BATCH_MAX); i++) {
        if (tooLong(bodies.get(i))) {
          refused.add(i);
        } else {
          send(bodies.get(i));
        }
      }
      if (!refused.isEmpty()) {
        throw new BatchEntryFailedException("send on " + name + ": " + refused.size() + " entr"
            + (refused.size() == 1 ? "y" : "ies") + " refused, longer than " + maxMessageBytes + " bytes", true,
            refused);
      }
    }
  }

  @Override
  public synchronized List<ReceivedMessage> receive(int max, Duration wait) {
    reachable("receive from");
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      List<ReceivedMessage> got = takeVisible(Math.max(1, Math.min(BATCH_MAX, max)));
      long left = until - System.nanoTime();
      if (!got.isEmpty() || left <= 0) {
        return got;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return got;
      }
      reachable("receive from");
    }
  }

  private List<ReceivedMessage> takeVisible(int max) {
    Instant now = clock.instant();
    List<ReceivedMessage> got = new ArrayList<>();
    var entries = messages.entrySet().iterator();
    while (entries.hasNext() && got.size() < max) {
      Held m = entries.next().getValue();
      if (m.visibleAt.isAfter(now)) {
        continue;
      }
      if (deadLetters != null && m.receiveCount >= maxReceiveCount) {
        entries.remove();
        deadLetters.send(m.body);
        continue;
      }
      m.receiveCount++;
      m.visibleAt = now.plus(visibilityTimeout);
      m.receipt = name + "#" + (++receipts);
      got.add(new ReceivedMessage(m.body, m.receipt, m.receiveCount));
    }
    return got;
  }

  private Map.Entry<Long, Held> byReceipt(String receipt) {
    return messages.entrySet().stream().filter(e -> receipt.equals(e.getValue().receipt)).findFirst().orElse(null);
  }

  /** A receipt of a message already deleted, or received again since, deletes nothing, as in SQS. */
  @Override
  public synchronized void delete(ReceivedMessage message) {
    reachable("delete from");
    Map.Entry<Long, Held> m = byReceipt(message.receiptHandle());
    if (m != null) {
      messages.remove(m.getKey());
    }
  }

  @Override
  public synchronized void delete(List<ReceivedMessage> messages) {
    reachable("delete from");
    messages.forEach(this::delete);
  }

  /** Refused, as SQS refuses it, for a message that is no longer held under this receipt. */
  @Override
  public synchronized void extendVisibility(ReceivedMessage message, Duration timeout) {
    reachable("change a message's visibility in");
    Map.Entry<Long, Held> m = byReceipt(message.receiptHandle());
    Instant now = clock.instant();
    if (m == null || !m.getValue().visibleAt.isAfter(now)) {
      throw new CloudUnavailableException("cannot change a message's visibility in " + name
          + ": the message is not in flight under receipt " + message.receiptHandle(), null, false);
    }
    m.getValue().visibleAt = now.plus(timeout);
    notifyAll();
  }

  @Override
  public synchronized QueueDepth depth() {
    reachable("read the depth of");
    Instant now = clock.instant();
    int visible = (int) messages.values().stream().filter(m -> !m.visibleAt.isAfter(now)).count();
    return new QueueDepth(visible, messages.size() - visible);
  }

  /** When the oldest message with this body becomes visible again, for a test that watches a consumer hold it. */
  public synchronized Optional<Instant> visibleAgainAt(String body) {
    return messages.values().stream().filter(m -> m.body.equals(body)).findFirst().map(m -> m.visibleAt);
  }

  /** Wakes a long poll under way, for a test that moved the clock so that held messages reappear. */
  public synchronized void clockMoved() {
    notifyAll();
  }
}
