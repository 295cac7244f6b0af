package iras.web.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enrolments one key may make in an hour, counted in this process: a key that leaked, or a script gone wrong,
 * cannot fill the gallery (and slow every face answer) faster than that.
 */
final class EnrolmentQuota {
  private static final Duration WINDOW = Duration.ofHours(1);

  /** @param refused whether the last attempt found the window full */
  private record Window(Instant start, int used, boolean refused) {}

  private final int perHour;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  EnrolmentQuota(int perHour, Clock clock) {
    this.perHour = perHour;
    this.clock = clock;
  }

  /** @return empty when the key may enrol (and that enrolment is counted); else the seconds until it may again */
  OptionalLong take(String keyId) {
    Instant now = clock.instant();
    Window w = windows.compute(keyId, (id, old) -> {
      if (old == null || !now.isBefore(old.start().plus(WINDOW))) {
        return new Window(now, 1, false);
      }
      return old.used() < perHour
          ? new Window(old.start(), old.used() + 1, false)
          : new Window(old.start(), old.used(), true);
    });
    return w.refused()
        ? OptionalLong.of(Math.max(1, Duration.between(now, w.start().plus(WINDOW)).toSeconds()))
        : OptionalLong.empty();
  }

  int perHour() {
    return perHour;
  }
}
