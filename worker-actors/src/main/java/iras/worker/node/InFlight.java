package iras.worker.node;

import iras.core.fleet.Heartbeat;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node holds and whether it is draining, shared by its actors and the process that stops it: a stop waits
 * until every request taken from the queue has been published or handed back.
 */
public final class InFlight {
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicLong published = new AtomicLong();

  public void startDraining() {
    draining.set(true);
  }

  public boolean draining() {
    return draining.get();
  }

  public int held() {
    return held.get();
  }

  /** Results published since the node started. */
  public long published() {
    return published.get();
  }

  /** The node's state as the controller should see it. */
  public Heartbeat.State state() {
    if (draining.get()) {
      return Heartbeat.State.DRAINING;
    }
    return held.get() > 0 ? Heartbeat.State.BUSY : Heartbeat.State.IDLE;
  }

  void taken(int n) {
    held.addAndGet(n);
  }

  void publishedOne() {
    published.incrementAndGet();
  }

  synchronized void released(int n) {
    held.addAndGet(-n);
    notifyAll();
  }

  /** @return true when nothing is held any more, false if {@code timeout} passed first */
  public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held.get() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
