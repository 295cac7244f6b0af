package iras.web.access;

import iras.core.access.ApiKey;
import iras.core.access.ApiKeys;
import iras.core.access.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a secret into a caller. A key's answer is remembered for {@link #REMEMBERED}, so a burst of uploads with one
 * key costs one storage read, not one each; a revoked key is refused at most that much later.
 */
final class Callers {
  static final Duration REMEMBERED = Duration.ofSeconds(10);
  /** Past this many remembered secrets (a flood of made-up keys) the memory starts over. */
  private static final int MOST_REMEMBERED = 10_000;

  private record Answer(Optional<Caller> caller, Instant until) {}

  private final ApiKeys keys;
  private final Optional<byte[]> automationKey;
  private final Clock clock;
  private final Map<String, Answer> remembered = new ConcurrentHashMap<>();

  Callers(ApiKeys keys, Optional<String> automationKey, Clock clock) {
    this.keys = keys;
    this.automationKey = automationKey.map(k -> k.strip().getBytes(StandardCharsets.UTF_8));
    this.clock = clock;
  }

  /** @throws iras.core.access.AccessUnavailableException when the keys' storage cannot be reached */
  Optional<Caller> of(String secret) {
    String key = secret.strip();
    if (automationKey.isPresent()
        && MessageDigest.isEqual(automationKey.get(), key.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(new Caller(Caller.AUTOMATION, Role.ADMIN, false));
    }
    Instant now = clock.instant();
    Answer known = remembered.get(key);
    if (known != null && now.isBefore(known.until())) {
      return known.caller();
    }
    Optional<Caller> caller = keys.verify(key).map(Callers::caller);
    if (remembered.size() >= MOST_REMEMBERED) {
      remembered.clear();
    }
    remembered.put(key, new Answer(caller, now.plus(REMEMBERED)));
    return caller;
  }

  private static Caller caller(ApiKey key) {
    return new Caller(key.id(), key.role(), false);
  }
}
