package iras.core.cloud;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in this process's memory, with S3's answers: keys listed in lexicographic order, a missing
 * key a {@link ObjectStore.NoSuchObjectException} on a read, a missing bucket a refusal. Objects are stamped with
 * the injected clock's time. {@link #outage} makes every call fail as an unreachable store does, until lifted.
 */
public final class InMemoryObjectStore implements ObjectStore {
  private record StoredObject(byte[] bytes, String contentType, Map<String, String> metadata, Instant lastModified) {}

  private final Clock clock;
  private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
  private volatile boolean outage;

  public InMemoryObjectStore(Clock clock, String... buckets) {
    this.clock = clock;
    for (String bucket : buckets) {
      createBucket(bucket);
    }
  }

  public void createBucket(String bucket) {
    buckets.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>());
  }

  /** While on, every call fails with a {@link CloudUnavailableException} that may pass, as with no connection. */
  public void outage(boolean on) {
    outage = on;
  }

  private NavigableMap<String, StoredObject> bucket(String bucket, String what) {
    if (outage) {
      throw new CloudUnavailableException("cannot " + what + ": the store is unreachable", null, true);
    }
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      throw new CloudUnavailableException("cannot " + what + ": no bucket " + bucket, null, false);
    }
    return objects;
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
    for (String value : metadata.values()) {
      if (!StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
        throw new CloudUnavailableException("cannot store " + key + ": metadata must be US-ASCII", null, false);
      }
    }
    bucket(bucket, "store " + key).put(key,
        new StoredObject(bytes.clone(), contentType, Map.copyOf(metadata), clock.instant()));
  }

  @Override
  public Map<String, String> metadata(String bucket, String key) {
    return object(bucket, key).metadata();
  }

  @Override
  public Stream<Listed> list(String bucket, String prefix) {
    List<Listed> listed = new ArrayList<>();
    bucket(bucket, "list " + prefix).tailMap(prefix, true).entrySet().stream()
        .takeWhile(e -> e.getKey().startsWith(prefix))
        .forEach(e -> listed.add(new Listed(e.getKey(), e.getValue().lastModified())));
    return listed.stream();
  }

  @Override
  public byte[] get(String bucket, String key) {
    return object(bucket, key).bytes().clone();
  }

  private StoredObject object(String bucket, String key) {
    StoredObject o = bucket(bucket, "read " + key).get(key);
    if (o == null) {
      throw new NoSuchObjectException(bucket, key, null);
    }
    return o;
  }

  @Override
  public void delete(String bucket, String key) {
    bucket(bucket, "delete " + key).remove(key);
  }

  @Override
  public boolean exists(String bucket, String key) {
    if (outage) {
      throw new CloudUnavailableException("cannot read " + key + ": the store is unreachable", null, true);
    }
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    return objects != null && objects.containsKey(key);
  }
}
