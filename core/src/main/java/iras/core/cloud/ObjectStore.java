package iras.core.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The few S3 operations the tiers use, over the real SDK client. */
public final class ObjectStore implements AutoCloseable {
  private final S3Client s3;

  public ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  public void put(String bucket, String key, byte[] bytes, String contentType) {
    put(bucket, key, bytes, contentType, Map.of());
  }

  /** @param metadata user metadata (US-ASCII values), returned by {@link #metadata} */
  public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
        RequestBody.fromBytes(bytes));
  }

  /** The object's user metadata; empty where the store keeps none. */
  public Map<String, String> metadata(String bucket, String key) {
    return s3.headObject(b -> b.bucket(bucket).key(key)).metadata();
  }

  /** Every object whose key starts with {@code prefix}, page after page. */
  public Stream<Listed> list(String bucket, String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(o -> new Listed(o.key(), o.lastModified()));
  }

  /** One object of a listing. */
  public record Listed(String key, Instant lastModified) {}

  public byte[] get(String bucket, String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  public Optional<byte[]> find(String bucket, String key) {
    try {
      return Optional.of(get(bucket, key));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /** The keys under {@code prefix}, in the store's (lexicographic) order, over as many pages as there are. */
  public List<String> keys(String bucket, String prefix) {
    return list(bucket, prefix).map(Listed::key).toList();
  }

  /** Removes the object; removing one that is not there is not an error (S3 answers both alike). */
  public void delete(String bucket, String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(key));
  }

  /** Whether the object exists, without fetching it. */
  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  public void ensureBucket(String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception missing) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // Another process created it between our two calls: the bucket exists, which is all we need.
      }
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
