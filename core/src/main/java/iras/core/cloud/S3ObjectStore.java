package iras.core.cloud;

import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** An {@link ObjectStore} in S3 (or anything speaking its protocol), over the SDK's client. */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
    SdkCalls.run("store " + key + " in " + bucket, () -> s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata), RequestBody.fromBytes(bytes)));
  }

  @Override
  public Map<String, String> metadata(String bucket, String key) {
    try {
      return SdkCalls.call("read " + key + " in " + bucket, () -> s3.headObject(b -> b.bucket(bucket).key(key)))
          .metadata();
    } catch (CloudUnavailableException e) {
      throw missingOr(bucket, key, e);
    }
  }

  @Override
  public Stream<Listed> list(String bucket, String prefix) {
    // The listing is read here, whole: a page fetched lazily would throw the SDK's exceptions at its reader.
    return SdkCalls.call("list " + prefix + " in " + bucket,
        () -> s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
            .map(o -> new Listed(o.key(), o.lastModified())).toList()).stream();
  }

  @Override
  public byte[] get(String bucket, String key) {
    try {
      return SdkCalls.call("read " + key + " in " + bucket,
          () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (CloudUnavailableException e) {
      throw missingOr(bucket, key, e);
    }
  }

  private static RuntimeException missingOr(String bucket, String key, CloudUnavailableException e) {
    // A HEAD has no body to name the error by: a 404 without a code is a missing key as well.
    boolean missing = e.getCause() instanceof NoSuchKeyException
        || e.getCause() instanceof S3Exception s && s.statusCode() == 404
            && (s.awsErrorDetails() == null || !"NoSuchBucket".equals(s.awsErrorDetails().errorCode()));
    return missing ? new NoSuchObjectException(bucket, key, e.getCause()) : e;
  }

  @Override
  public void delete(String bucket, String key) {
    SdkCalls.run("delete " + key + " in " + bucket, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
  }

  @Override
  public boolean exists(String bucket, String key) {
    try {
      metadata(bucket, key);
      return true;
    } catch (NoSuchObjectException e) {
      return false;
    }
  }

  /** Creates the bucket unless it exists; for provisioning, which no tier does. */
  void ensureBucket(String bucket) {
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
