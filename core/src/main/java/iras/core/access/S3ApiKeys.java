package iras.core.access;

import iras.core.cloud.CloudUnavailableException;
import iras.core.cloud.ObjectStore;
import iras.core.job.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The keys in the records bucket, {@code access/keys/<id>.json} each, holding the secret's digest only. */
final class S3ApiKeys implements ApiKeys {
  private static final String PREFIX = "access/keys/";

  /** The stored form: what {@link ApiKey} says, and the digest that proves a secret. */
  record StoredKey(String id, String role, String label, Instant created, String sha256) {
    ApiKey key() {
      return new ApiKey(id, Role.parse(role), label, created);
    }
  }

  private final ObjectStore store;
  private final String bucket;
  private final Clock clock;

  S3ApiKeys(ObjectStore store, String bucket, Clock clock) {
    this.store = store;
    this.bucket = bucket;
    this.clock = clock;
  }

  @Override
  public IssuedKey add(Role role, String label) {
    String id = KeySecrets.newId();
    String secret = KeySecrets.newSecret(id);
    StoredKey stored = new StoredKey(id, role.label(), label, clock.instant(), KeySecrets.digest(secret));
    reaching(() -> {
      store.put(bucket, PREFIX + id + ".json", Json.writeBytes(stored), "application/json");
      return null;
    });
    return new IssuedKey(stored.key(), secret);
  }

  @Override
  public List<ApiKey> list() {
    return reaching(() -> store.keys(bucket, PREFIX).stream()
        .map(key -> read(key).map(StoredKey::key))
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(ApiKey::created))
        .toList());
  }

  @Override
  public boolean revoke(String id) {
    if (!id.matches("[0-9a-f]{16}")) {
      return false;
    }
    return reaching(() -> {
      boolean existed = store.exists(bucket, PREFIX + id + ".json");
      store.delete(bucket, PREFIX + id + ".json");
      return existed;
    });
  }

  @Override
  public Optional<ApiKey> verify(String secret) {
    Optional<String> id = KeySecrets.idOf(secret);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String digest = KeySecrets.digest(secret);
    return reaching(() -> read(PREFIX + id.get() + ".json"))
        .filter(stored -> KeySecrets.same(stored.sha256(), digest))
        .map(StoredKey::key);
  }

  private Optional<StoredKey> read(String key) {
    try {
      return store.find(bucket, key).map(bytes -> Json.read(bytes, StoredKey.class));
    } catch (Json.MalformedMessageException e) {
      return Optional.empty();
    }
  }

  private static <T> T reaching(Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudUnavailableException e) {
      throw new AccessUnavailableException("the API keys' storage cannot be reached: " + e.getMessage(), e);
    }
  }
}
