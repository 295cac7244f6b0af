package iras.core.cloud;

import iras.core.job.AnswerKey;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.core.job.StoredAnswers;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers as objects {@link AnswerKey#objectKey()} in the deployment's records bucket. */
final class StoredAnswerObjects implements StoredAnswers {
  private static final Logger log = LoggerFactory.getLogger(StoredAnswerObjects.class);

  private final ObjectStore store;
  private final String bucket;

  StoredAnswerObjects(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  @Override
  public Optional<ImageResult> find(AnswerKey key) {
    try {
      return store.find(bucket, key.objectKey()).map(bytes -> Json.read(bytes, ImageResult.class));
    } catch (CloudUnavailableException | Json.MalformedMessageException e) {
      log.debug("stored answer {} unreadable, answering afresh: {}", key.objectKey(), e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void store(AnswerKey key, ImageResult result) {
    if (result.failed()) {
      throw new IllegalArgumentException("only answers are kept, not errors: " + result.error());
    }
    try {
      store.put(bucket, key.objectKey(), Json.writeBytes(result), "application/json");
    } catch (CloudUnavailableException e) {
      log.debug("answer {} not kept: {}", key.objectKey(), e.toString());
    }
  }

  @Override
  public void forget(AnswerKey key) {
    try {
      store.delete(bucket, key.objectKey());
    } catch (CloudUnavailableException e) {
      log.warn("answer {} could not be dropped: {}", key.objectKey(), e.toString());
    }
  }
}
