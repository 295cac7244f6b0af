package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudLayout;
import iras.core.cloud.CloudUnavailableException;
import iras.core.cloud.InMemoryCloud;
import iras.core.cloud.InMemoryMessageQueue;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.settings.Settings;
import iras.core.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web tier's sends to the request queue, over the queue in memory: a first send is held open while other
 * threads send, so what they send must wait and leave together.
 */
class BatchedSendsTest {
  private final InMemoryCloud cloud =
      new InMemoryCloud(Settings.load().with("deployment", "batched-sends"), new ManualClock());
  private final InMemoryMessageQueue requests = cloud.requests();
  private final HeldFirstSend queue = new HeldFirstSend(requests);
  private final BatchedSends sends = new BatchedSends(queue);

  @Test
  void aLoneBodyLeavesAtOnceInABatchOfOne() {
    queue.first.countDown();
    sends.send("alone");
    assertEquals(List.of(1), queue.batches);
    assertEquals(List.of("alone"), bodies());
  }

  @Test
  void bodiesSentDuringASendLeaveTogetherInBatchesOfTen() throws Exception {
    sendFromThreads(List.of("first"));
    List<String> more = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      more.add("job-" + i);
    }
    sendFromThreads(more);
    queue.first.countDown();
    awaitAll();

    assertEquals(26, outcomes.size());
    assertTrue(outcomes.values().stream().allMatch(o -> o == null), outcomes::toString);
    assertEquals(List.of(1, 10, 10, 5), queue.batches);
    List<String> expected = new ArrayList<>(more);
    expected.add("first");
    List<String> got = bodies();
    Collections.sort(expected);
    Collections.sort(got);
    assertEquals(expected, got);
  }

  @Test
  void aBodyTheQueueRefusesFailsItsOwnSenderOnly() throws Exception {
    String tooLong = "x".repeat(CloudLayout.REQUEST_MAX_MESSAGE_BYTES + 1);
    sendFromThreads(List.of("first"));
    sendFromThreads(List.of("before", tooLong, "after"));
    queue.first.countDown();
    awaitAll();

    assertEquals(List.of(1, 3), queue.batches);
    CloudUnavailableException refused = assertInstanceOf(CloudUnavailableException.class, outcomes.get(tooLong));
    assertFalse(refused.mayPass(), refused.getMessage());
    assertNull(outcomes.get("before"));
    assertNull(outcomes.get("after"));
    List<String> got = bodies();
    Collections.sort(got);
    assertEquals(List.of("after", "before", "first"), got);
  }

  @Test
  void aQueueOutageFailsEverySenderOfThatBatchAndTheNextSendWorks() throws Exception {
    sendFromThreads(List.of("first"));
    sendFromThreads(List.of("a", "b"));
    requests.outage(true);
    queue.first.countDown();
    awaitAll();

    assertEquals(3, outcomes.size());
    for (Throwable t : outcomes.values()) {
      assertTrue(assertInstanceOf(CloudUnavailableException.class, t).mayPass(), t::toString);
    }
    requests.outage(false);
    sends.send("later");
    assertEquals(List.of("later"), bodies());
  }

  private final List<Thread> threads = new ArrayList<>();
  /** Each sender's outcome as it returns: null for a body on the queue, else what refused it. */
  private final Map<String, Throwable> outcomes = Collections.synchronizedMap(new HashMap<>());

  /** Starts one thread per body and returns once each waits: in the held first send, or for it to end. */
  private void sendFromThreads(List<String> bodies) throws InterruptedException {
    List<Thread> started = new ArrayList<>();
    for (String body : bodies) {
      Thread t = new Thread(() -> {
        try {
          sends.send(body);
          outcomes.put(body, null);
        } catch (RuntimeException e) {
          outcomes.put(body, e);
        }
      });
      t.start();
      started.add(t);
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!started.stream().allMatch(t -> t.getState() == Thread.State.WAITING
        || t.getState() == Thread.State.TIMED_WAITING)) {
      assertTrue(System.nanoTime() < until, "the senders never waited");
      Thread.sleep(5);
    }
    threads.addAll(started);
  }

  private void awaitAll() throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(20));
      assertFalse(t.isAlive(), "a sender never returned");
    }
  }

  private List<String> bodies() {
    List<String> got = new ArrayList<>();
    List<ReceivedMessage> batch;
    while (!(batch = requests.receive(10, Duration.ZERO)).isEmpty()) {
      batch.forEach(m -> got.add(m.body()));
    }
    return got;
  }

  /** The queue, with its first batch send held until {@link #first} opens, and each batch's size recorded. */
  private static final class HeldFirstSend implements MessageQueue {
    final CountDownLatch first = new CountDownLatch(1);
    final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
    private final MessageQueue queue;

    HeldFirstSend(MessageQueue queue) {
      this.queue = queue;
    }

    @Override
    public void send(List<String> bodies) {
      try {
        if (!first.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the first send was never let go");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      batches.add(bodies.size());
      queue.send(bodies);
    }

    @Override
    public String name() {
      return queue.name();
    }

    @Override
    public void send(String body) {
      throw new AssertionError("bodies are sent in batches");
    }

    @Override
    public List<ReceivedMessage> receive(int max, Duration wait) {
      return queue.receive(max, wait);
    }

    @Override
    public void delete(ReceivedMessage message) {
      queue.delete(message);
    }

    @Override
    public void delete(List<ReceivedMessage> messages) {
      queue.delete(messages);
    }

    @Override
    public void extendVisibility(ReceivedMessage message, Duration timeout) {
      queue.extendVisibility(message, timeout);
    }

    @Override
    public QueueDepth depth() {
      return queue.depth();
    }
  }
}
