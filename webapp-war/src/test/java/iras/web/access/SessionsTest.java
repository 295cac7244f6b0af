package iras.web.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import iras.web.MovedClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {

  @Test
  void aSessionHoldsItsKeyUntilItEndsOrIsClosed() {
    MovedClock clock = new MovedClock();
    Sessions sessions = new Sessions(clock, Duration.ofHours(12));
    String first = sessions.open("key-1");
    String second = sessions.open("key-1");
    assertNotEquals(first, second, "each sign-in its own session");
    assertEquals(64, first.length(), "256 random bits");
    assertEquals(Optional.of("key-1"), sessions.secret(first));
    assertEquals(Optional.empty(), sessions.secret("made-up"));

    sessions.close(second);
    assertEquals(Optional.empty(), sessions.secret(second));
    clock.now = clock.now.plus(Duration.ofHours(12)).minusMillis(1);
    assertEquals(Optional.of("key-1"), sessions.secret(first));
    clock.now = clock.now.plusMillis(1);
    assertEquals(Optional.empty(), sessions.secret(first), "ended");
  }
}
