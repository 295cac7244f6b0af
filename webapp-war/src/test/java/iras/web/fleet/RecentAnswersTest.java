package iras.web.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import iras.web.MovedClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentAnswersTest {
  @Test
  void rateAndPercentilesCoverTheWindowOnly() {
    MovedClock clock = new MovedClock();
    RecentAnswers answers = new RecentAnswers(clock);
    for (long ms = 1; ms <= 20; ms++) {
      answers.answered(ms * 100);
    }
    RecentAnswers.Figures now = answers.figures();
    assertEquals(20, now.answers());
    assertEquals(2.0, now.perSecond(), 1e-9);
    assertEquals(1000, now.p50Ms());
    assertEquals(1900, now.p95Ms());

    clock.now = clock.now.plus(Duration.ofSeconds(5));
    answers.answered(50);
    clock.now = clock.now.plus(RecentAnswers.WINDOW).minusMillis(1);
    RecentAnswers.Figures later = answers.figures();
    assertEquals(1, later.answers(), "the first twenty fell out of the window");
    assertEquals(50, later.p95Ms());

    clock.now = clock.now.plusMillis(1);
    RecentAnswers.Figures none = answers.figures();
    assertEquals(0.0, none.perSecond());
    assertNull(none.p50Ms());
  }
}
