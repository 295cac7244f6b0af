package iras.web.submit;

import iras.core.cloud.CloudUnavailableException;
import iras.core.cloud.MessageQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/**
 * Sends to one queue for many request threads, in batches: the bodies that arrive while a send is under way leave
 * together in the next one, up to {@link MessageQueue#BATCH_MAX} a call. A lone upload still goes at once, in a
 * batch of one; a burst of a hundred takes ten calls instead of a hundred, and each call costs the queue, its HTTP
 * and its disk about as much as one message does.
 *
 * <p>One send is under way at a time, made by whichever waiting thread finds none under way; each caller returns
 * once its own body is on the queue, or throws what refused it.
 */
final class BatchedSends {
  private final MessageQueue queue;
  private final Queue<Pending> pending = new ArrayDeque<>();
  private boolean sending;

  private static final class Pending {
    final String body;
    boolean done;
    RuntimeException failure;

    Pending(String body) {
      this.body = body;
    }
  }

  BatchedSends(MessageQueue queue) {
    this.queue = queue;
  }

  /** Returns once {@code body} is on the queue; throws {@link CloudUnavailableException} if it is not. */
  void send(String body) {
    Pending mine = new Pending(body);
    synchronized (this) {
      pending.add(mine);
    }
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (this) {
        while (sending && !mine.done) {
          waitForTheSendUnderWay(mine);
        }
        if (mine.done) {
          rethrow(mine);
          return;
        }
        // Bodies that came before this one may fill the batch: then this thread sends them and looks again.
        while (batch.size() < MessageQueue.BATCH_MAX && !pending.isEmpty()) {
          batch.add(pending.poll());
        }
        sending = true;
      }
      sendAndRelease(batch);
    }
  }

  /** Sends {@code batch}, then marks each body sent or refused and wakes the waiting threads. */
  private void sendAndRelease(List<Pending> batch) {
    RuntimeException whole = null;
    MessageQueue.BatchEntryFailedException some = null;
    try {
      queue.send(batch.stream().map(p -> p.body).toList());
    } catch (MessageQueue.BatchEntryFailedException e) {
      some = e;
    } catch (RuntimeException e) {
      whole = e;
    }
    synchronized (this) {
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        p.done = true;
        if (whole != null) {
          p.failure = whole;
        } else if (some != null && some.refused().contains(i)) {
          p.failure = new CloudUnavailableException("the queue refused a job: " + some.getMessage(), some, false);
        }
      }
      sending = false;
      notifyAll();
    }
  }

  private void waitForTheSendUnderWay(Pending mine) {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Unsent unless a batch under way has already taken it; a job sent for nobody is answered all the same.
      pending.remove(mine);
      throw new CloudUnavailableException("interrupted while waiting to send a job", e, true);
    }
  }

  private static void rethrow(Pending p) {
    if (p.failure != null) {
      throw p.failure;
    }
  }
}
