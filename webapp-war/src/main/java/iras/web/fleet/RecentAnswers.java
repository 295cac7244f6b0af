package iras.web.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The answers this process gave lately: how many a second, and how long their users waited (p50, p95). */
public final class RecentAnswers {
  /** Long enough to smooth a second's jitter, short enough that the fleet page shows a burst as it ends. */
  public static final Duration WINDOW = Duration.ofSeconds(10);
  /** A bound on memory whatever the rate: far above what one web process answers in a window. */
  private static final int MAX_KEPT = 100_000;

  /** @param p50Ms and {@code p95Ms} are null when no answer fell in the window */
  public record Figures(double perSecond, Long p50Ms, Long p95Ms, int answers, long windowSeconds) {}

  private record Answer(Instant at, long latencyMs) {}

  private final Clock clock;
  private final Deque<Answer> answers = new ArrayDeque<>();

  public RecentAnswers(Clock clock) {
    this.clock = clock;
  }

  public synchronized void answered(long latencyMs) {
    answers.addLast(new Answer(clock.instant(), latencyMs));
    if (answers.size() > MAX_KEPT) {
      answers.removeFirst();
    }
  }

  public synchronized Figures figures() {
    Instant since = clock.instant().minus(WINDOW);
    while (!answers.isEmpty() && !answers.peekFirst().at().isAfter(since)) {
      answers.removeFirst();
    }
    long[] latencies = answers.stream().mapToLong(Answer::latencyMs).sorted().toArray();
    return new Figures((double) latencies.length / WINDOW.toSeconds(), percentile(latencies, 50),
        percentile(latencies, 95), latencies.length, WINDOW.toSeconds());
  }

  /** Nearest rank: the smallest latency that at least {@code p} percent of the answers did not exceed. */
  private static Long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
