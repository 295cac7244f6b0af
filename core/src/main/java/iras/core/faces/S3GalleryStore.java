package iras.core.faces;

import iras.core.cloud.CloudUnavailableException;
import iras.core.cloud.ObjectStore;
import iras.core.job.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The gallery in an S3 bucket: {@code gallery/<name>/<id>.json} per enrolled image, the name base64url-encoded so any
 * name a person may have is a safe key. Entries are never rewritten, so the sorted keys alone identify the content:
 * their digest is the version.
 */
final class S3GalleryStore implements GalleryStore {
  private static final String PREFIX = "gallery/";

  private final ObjectStore store;
  private final String bucket;

  S3GalleryStore(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  @Override
  public GallerySnapshot read(GallerySnapshot previous) {
    return reaching(() -> {
      List<String> keys = store.keys(bucket, PREFIX);
      if (versionOf(keys).equals(previous.version())) {
        return previous;
      }
      Map<String, GalleryEntry> entries = new LinkedHashMap<>();
      for (String key : keys) {
        GalleryEntry known = previous.entries().get(key);
        Optional<GalleryEntry> entry = known != null ? Optional.of(known) : fetch(key);
        entry.ifPresent(e -> entries.put(key, e));
      }
      // An entry removed between the listing and its fetch is not part of this content.
      return new GallerySnapshot(versionOf(List.copyOf(entries.keySet())), entries);
    });
  }

  private Optional<GalleryEntry> fetch(String key) {
    try {
      return store.find(bucket, key).map(bytes -> Json.read(bytes, GalleryEntry.class));
    } catch (Json.MalformedMessageException e) {
      return Optional.empty();
    }
  }

  @Override
  public String version() {
    return reaching(() -> versionOf(store.keys(bucket, PREFIX)));
  }

  @Override
  public void add(GalleryEntry entry) {
    reaching(() -> {
      store.put(bucket, personPrefix(entry.name()) + entry.id() + ".json", Json.writeBytes(entry),
          "application/json");
      return null;
    });
  }

  @Override
  public List<Person> people() {
    return reaching(() -> {
      Map<String, Integer> counts = new TreeMap<>();
      for (String key : store.keys(bucket, PREFIX)) {
        int slash = key.indexOf('/', PREFIX.length());
        if (slash > 0) {
          counts.merge(key.substring(PREFIX.length(), slash), 1, Integer::sum);
        }
      }
      return counts.entrySet().stream().map(e -> new Person(decode(e.getKey()), e.getValue(), e.getKey()))
          .sorted(Comparator.comparing(Person::name)).toList();
    });
  }

  @Override
  public int remove(String id) {
    if (!id.matches("[A-Za-z0-9_-]+")) {
      return 0;
    }
    return reaching(() -> {
      List<String> keys = store.keys(bucket, PREFIX + id + "/");
      keys.forEach(key -> store.delete(bucket, key));
      return keys.size();
    });
  }

  private static String personPrefix(String name) {
    return PREFIX + idOf(name) + "/";
  }

  /** The name base64url-encoded: a safe key segment and a safe path segment for any name. */
  static String idOf(String name) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String segment) {
    return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
  }

  /** The listing's keys sorted, digested: equal for equal content whatever order a store lists in. */
  static String versionOf(List<String> keys) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      keys.stream().sorted().forEach(k -> sha.update((k + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static <T> T reaching(Supplier<T> call) {
    try {
      return call.get();
    } catch (CloudUnavailableException e) {
      throw new GalleryUnavailableException("the face gallery's storage cannot be reached: " + e.getMessage(), e);
    }
  }
}
