package iras.worker.node;

import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The requests a node holds (taken from the queue, not yet published or handed back) and where the node is in its
 * life, shared by the node's actors; the process reaches it only through {@link WorkerNode}. The visibility keeper
 * keeps exactly these hidden from other nodes; the heartbeat reports their number; a stop waits until there are none.
 */
final class InFlight {
  private static final int MAX_UNREPORTED_PASSES = 200;

  /** A node's life: it only ever moves down this list. */
  enum Phase {
    /** Taking requests. */
    SERVING,
    /** Taking no new requests; finishing what it holds and what a receive under way brings (it stays resident). */
    PAUSING,
    /** Taking no new requests; finishing what it holds and handing back what a late receive brings (it exits). */
    DRAINING
  }

  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.SERVING);
  /** By receipt handle, which is unique per receive. */
  private final Map<String, ReceivedMessage> held = new ConcurrentHashMap<>();
  private final AtomicLong published = new AtomicLong();
  /** Forward passes not yet reported; bounded, so a node whose heartbeats cannot be sent does not grow it. */
  private final List<Heartbeat.Pass> passes = new ArrayList<>();
  /** Receives under way: a long poll that returns after the node stopped would leave its messages hidden. */
  private int receiving;

  /** Moves on to {@code next}, unless the node is already there or further. */
  void enter(Phase next) {
    phase.accumulateAndGet(next, (now, wanted) -> wanted.compareTo(now) > 0 ? wanted : now);
  }

  Phase phase() {
    return phase.get();
  }

  boolean draining() {
    return phase.get() == Phase.DRAINING;
  }

  /** Whether the node may ask the queues for more. */
  boolean takingNew() {
    return phase.get() == Phase.SERVING;
  }

  int held() {
    return held.size();
  }

  /** Results published since the node started. */
  long published() {
    return published.get();
  }

  /** The node's state as the controller should see it. */
  Heartbeat.State state() {
    if (!takingNew()) {
      return Heartbeat.State.DRAINING;
    }
    return held.isEmpty() ? Heartbeat.State.IDLE : Heartbeat.State.BUSY;
  }

  List<ReceivedMessage> heldMessages() {
    return List.copyOf(held.values());
  }

  boolean holds(ReceivedMessage m) {
    return held.containsKey(m.receiptHandle());
  }

  synchronized void receiving() {
    receiving++;
  }

  /** A receive is over; what it got is held from now on. */
  synchronized void taken(Collection<ReceivedMessage> messages) {
    messages.forEach(m -> held.put(m.receiptHandle(), m));
    receiving--;
    notifyAll();
  }

  /** A receive failed; nothing was taken. */
  synchronized void receiveFailed() {
    receiving--;
    notifyAll();
  }

  synchronized void forwardPass(int images, long nanos, long cpuNanos) {
    if (passes.size() < MAX_UNREPORTED_PASSES) {
      passes.add(new Heartbeat.Pass(images, nanos / 1e9, cpuNanos / 1e9));
    }
  }

  /** The forward passes since the previous call, for the next heartbeat. */
  synchronized List<Heartbeat.Pass> takePasses() {
    List<Heartbeat.Pass> taken = List.copyOf(passes);
    passes.clear();
    return taken;
  }

  void publishedOne() {
    published.incrementAndGet();
  }

  /**
   * No longer held: deleted, or left to reappear on the queue when its visibility lapses (which spaces out retries
   * of a request whose processing failed).
   */
  synchronized void released(Collection<ReceivedMessage> messages) {
    messages.forEach(m -> held.remove(m.receiptHandle()));
    notifyAll();
  }

  /** Makes the messages visible to every node at once and stops holding them. */
  void handBack(MessageQueue requests, Collection<ReceivedMessage> messages) {
    for (ReceivedMessage m : messages) {
      try {
        requests.extendVisibility(m, Duration.ZERO);
      } catch (RuntimeException e) {
        // Unreachable queue: the message still reappears, once its visibility lapses.
      }
    }
    released(messages);
  }

  /** Hands back whatever is still held, for a node that stops before finishing it. */
  void handBackAll(MessageQueue requests) {
    handBack(requests, heldMessages());
  }

  /**
   * Waits until nothing is held and no receive is under way (a draining node hands back what a late long poll
   * brings, so those messages reappear at once rather than after their visibility timeout).
   *
   * @return true when nothing is held any more, false if {@code timeout} passed first
   */
  synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!held.isEmpty() || receiving > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
