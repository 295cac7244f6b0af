package iras.worker.node;

import iras.core.job.AnswerKey;
import iras.core.job.ImageResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers this worker gave lately, by {@link AnswerKey}. The web tier answers an image from the store once its
 * answer is kept; repeats that were queued before that (the course's face workload sends each of ten faces a
 * hundred times, a hundred requests at once) reach a worker, which answers them from here without inference. Used
 * from the batch answerer's thread only.
 */
final class AnswerMemory {
  /** Answers kept; a result is about a kilobyte. */
  private static final int KEPT = 1000;

  private final Map<AnswerKey, ImageResult> answers = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<AnswerKey, ImageResult> eldest) {
      return size() > KEPT;
    }
  };

  Optional<ImageResult> recall(AnswerKey key) {
    return Optional.ofNullable(answers.get(key));
  }

  void remember(AnswerKey key, ImageResult result) {
    answers.put(key, result);
  }
}
