package iras.core.job;

import java.util.Optional;

/**
 * Answers kept by {@link AnswerKey}, so that an image the same model has answered before is answered again without
 * inference. Only successful answers are kept: an error may pass. The store is an optimisation, never the truth of
 * a job (that is {@link JobResults}): when it cannot be reached, a lookup finds nothing and a store keeps nothing,
 * which only costs an inference.
 */
public interface StoredAnswers {
  /** The answer stored under {@code key}; empty when there is none or the store cannot be read. */
  Optional<ImageResult> find(AnswerKey key);

  /** Keeps {@code result}, a successful answer, under {@code key}; a store that cannot be reached keeps nothing. */
  void store(AnswerKey key, ImageResult result);

  /** Drops the answer kept under {@code key}, if any. */
  void forget(AnswerKey key);

  /** For a deployment that answers every image afresh. */
  StoredAnswers NONE = new StoredAnswers() {
    @Override
    public Optional<ImageResult> find(AnswerKey key) {
      return Optional.empty();
    }

    @Override
    public void store(AnswerKey key, ImageResult result) {}

    @Override
    public void forget(AnswerKey key) {}
  };
}
