package iras.core.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The object storage the tiers use: buckets of keyed bytes with a content type and user metadata. Every method may
 * throw {@link CloudUnavailableException}; {@link #get} throws {@link NoSuchObjectException} for a key that is not
 * there, where {@link #find} answers empty.
 */
public interface ObjectStore extends AutoCloseable {

  default void put(String bucket, String key, byte[] bytes, String contentType) {
    put(bucket, key, bytes, contentType, Map.of());
  }

  /** @param metadata user metadata (US-ASCII values), returned by {@link #metadata} */
  void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata);

  /** The object's user metadata; empty where the store keeps none. */
  Map<String, String> metadata(String bucket, String key);

  /** Every object whose key starts with {@code prefix}, in the store's (lexicographic) order. */
  Stream<Listed> list(String bucket, String prefix);

  /** One object of a listing. */
  record Listed(String key, Instant lastModified) {}

  /** @throws NoSuchObjectException when the bucket holds no such key */
  byte[] get(String bucket, String key);

  default Optional<byte[]> find(String bucket, String key) {
    try {
      return Optional.of(get(bucket, key));
    } catch (NoSuchObjectException e) {
      return Optional.empty();
    }
  }

  /** The keys under {@code prefix}, in the store's (lexicographic) order. */
  default List<String> keys(String bucket, String prefix) {
    return list(bucket, prefix).map(Listed::key).toList();
  }

  /** Removes the object; removing one that is not there is not an error (S3 answers both alike). */
  void delete(String bucket, String key);

  /** Whether the object exists, without fetching it. */
  boolean exists(String bucket, String key);

  @Override
  default void close() {}

  /** The bucket holds no object under the key asked for. */
  final class NoSuchObjectException extends RuntimeException {
    public NoSuchObjectException(String bucket, String key, Throwable cause) {
      super("no object " + key + " in " + bucket, cause);
    }
  }
}
