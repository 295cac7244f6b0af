package iras.web.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The page's signed-in sessions, in this process's memory: a session holds the key it was opened with, so a key
 * revoked in storage ends its sessions too. A web tier restarted, or another one behind the same load balancer,
 * asks the page to sign in again.
 */
final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Past this many open sessions, ended ones are dropped before a new one opens. */
  private static final int SWEEP_AT = 10_000;

  private record Session(String secret, Instant until) {}

  private final Clock clock;
  private final Duration length;
  private final Map<String, Session> open = new ConcurrentHashMap<>();

  Sessions(Clock clock, Duration length) {
    this.clock = clock;
    this.length = length;
  }

  /** @return the new session's id, for the cookie */
  String open(String secret) {
    if (open.size() >= SWEEP_AT) {
      Instant now = clock.instant();
      open.values().removeIf(s -> !now.isBefore(s.until()));
    }
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String sessionId = HexFormat.of().formatHex(id);
    open.put(sessionId, new Session(secret, clock.instant().plus(length)));
    return sessionId;
  }

  /** The key a session holds while it lasts. */
  Optional<String> secret(String sessionId) {
    Session s = open.get(sessionId);
    if (s == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(s.until())) {
      open.remove(sessionId);
      return Optional.empty();
    }
    return Optional.of(s.secret());
  }

  void close(String sessionId) {
    open.remove(sessionId);
  }

  Duration length() {
    return length;
  }
}
