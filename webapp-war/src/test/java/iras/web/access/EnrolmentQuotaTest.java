package iras.web.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.web.MovedClock;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EnrolmentQuotaTest {

  @Test
  void aKeyGetsItsHourlyCountAndThenWaitsForTheWindowToEnd() {
    MovedClock clock = new MovedClock();
    EnrolmentQuota quota = new EnrolmentQuota(3, clock);
    for (int i = 0; i < 3; i++) {
      assertEquals(OptionalLong.empty(), quota.take("a"));
      clock.now = clock.now.plus(Duration.ofMinutes(10));
    }
    assertEquals(OptionalLong.of(Duration.ofMinutes(30).toSeconds()), quota.take("a"), "until the hour is over");
    assertEquals(OptionalLong.empty(), quota.take("b"), "another key counts on its own");
    clock.now = clock.now.plus(Duration.ofMinutes(30)).minusSeconds(1);
    assertEquals(OptionalLong.of(1), quota.take("a"));
    clock.now = clock.now.plusSeconds(1);
    assertEquals(OptionalLong.empty(), quota.take("a"), "a new hour");
  }
}
