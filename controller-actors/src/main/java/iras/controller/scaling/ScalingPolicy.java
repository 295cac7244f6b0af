package iras.controller.scaling;

import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * How many instances the request queue's backlog calls for, and which may go. The target is
 * clamp(ceil(backlog / jobsPerInstance), min, max). A higher target applies at once; a lower one only once
 * {@code scaleInSamples} consecutive samples agree (the samples span the stabilization time), because SQS counts are
 * approximate and one low reading must not stop instances that are about to get work. Counting samples rather than
 * measuring time keeps the rule exact whatever the timer's jitter.
 */
public final class ScalingPolicy {
  private final int jobsPerInstance;
  private final int min;
  private final int max;
  private final int scaleInSamples;
  private final Deque<Integer> recentTargets = new ArrayDeque<>();

  public ScalingPolicy(int jobsPerInstance, int min, int max, int scaleInSamples) {
    if (jobsPerInstance < 1 || min < 0 || max < min || scaleInSamples < 1) {
      throw new IllegalArgumentException("need jobs-per-instance >= 1, 0 <= min <= max, scale-in samples >= 1; got "
          + jobsPerInstance + ", " + min + ", " + max + ", " + scaleInSamples);
    }
    this.jobsPerInstance = jobsPerInstance;
    this.min = min;
    this.max = max;
    this.scaleInSamples = scaleInSamples;
  }

  /** Samples taken every {@code interval} that span {@code stabilization}: the first and the last included. */
  public static int samplesSpanning(Duration stabilization, Duration interval) {
    return 1 + (int) Math.ceil((double) stabilization.toMillis() / Math.max(1, interval.toMillis()));
  }

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }

  /** The instances a backlog calls for, on its own. */
  public int target(int backlog) {
    long needed = ((long) Math.max(0, backlog) + jobsPerInstance - 1) / jobsPerInstance;
    return (int) Math.max(min, Math.min(max, needed));
  }

  /** Records the latest backlog reading and returns the desired size: the highest target of the last samples. */
  public int desired(int backlog) {
    recentTargets.addLast(target(backlog));
    if (recentTargets.size() > scaleInSamples) {
      recentTargets.removeFirst();
    }
    return recentTargets.stream().mapToInt(Integer::intValue).max().orElse(min);
  }

  /**
   * Which of {@code instances} to stop to shed {@code excess}: only those that cannot hold a request by their latest
   * word (launching, starting, or idle with nothing held), the least useful first (not yet serving before idle), newest
   * first among equals. May return fewer than asked; the rest wait until they report idle.
   */
  public static List<String> toStop(int excess, Collection<InstanceView> instances) {
    if (excess <= 0) {
      return List.of();
    }
    return instances.stream()
        .filter(ScalingPolicy::safeToStop)
        .sorted(Comparator.comparingInt((InstanceView v) -> v.state().ordinal())
            .thenComparing(Comparator.comparingInt((InstanceView v) -> v.name().length())
                .thenComparing(InstanceView::name).reversed()))
        .limit(excess)
        .map(InstanceView::name)
        .toList();
  }

  private static boolean safeToStop(InstanceView v) {
    return v.held() == 0
        && (v.state() == InstanceState.LAUNCHING || v.state() == InstanceState.STARTING
            || v.state() == InstanceState.IDLE);
  }
}
