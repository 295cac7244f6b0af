package iras.worker.node;

import iras.core.cloud.CloudUnavailableException;
import iras.core.cloud.MessageQueue;
import iras.core.job.JobResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Repeats a call to the cloud's ports that failed for a reason that may pass: no connection, a 5xx, throttling. */
final class Retry {
  private static final Logger log = LoggerFactory.getLogger(Retry.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

  private Retry() {}

  /**
   * Calls {@code step} until it succeeds, fails for good, or {@code deadline} by {@code clock} passes (then its last
   * failure). The pauses between tries are real time: they only space the calls out.
   */
  static <T> T until(Clock clock, Instant deadline, Supplier<T> step) {
    Duration pause = FIRST_PAUSE;
    while (true) {
      try {
        return step.get();
      } catch (RuntimeException e) {
        if (!passing(e) || clock.instant().plus(pause).isAfter(deadline)) {
          throw e;
        }
        if (pause.equals(FIRST_PAUSE)) {
          log.warn("retrying until {}: {}", deadline, e.toString());
        }
        pause(pause);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  static void until(Clock clock, Instant deadline, Runnable step) {
    until(clock, deadline, () -> {
      step.run();
      return null;
    });
  }

  /** Failures worth another try; a 4xx (no such bucket, bad receipt handle) stays what it is. */
  static boolean passing(RuntimeException e) {
    return e instanceof CloudUnavailableException c && c.mayPass()
        || e instanceof MessageQueue.BatchEntryFailedException b && !b.senderFault()
        || e instanceof JobResults.Unavailable u && u.mayPass();
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", e);
    }
  }
}
