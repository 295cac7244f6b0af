package iras.worker.node;

import iras.core.job.Guess;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.worker.answer.Answerer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link Answerer} that labels by a rule, for tests of the node where inference is not the point (it stands
 * in for no part of the cloud; the models have tests of their own): an image's bytes are text, {@code label:X} is
 * labelled X, {@code unreadable} gets an error result as an image that does not decode does, and {@code crash} makes
 * the whole call fail as a model failing on its input does. A test may {@link #hold} the model inside its next
 * batch to see what the node does meanwhile.
 */
final class RuleAnswerer implements Answerer {
  /** The images of each call, as text, in call order. */
  final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  /** The names of the threads that made the calls. */
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  private final Semaphore entered = new Semaphore(0);
  /** Batches let through while held; none is waiting while not held. */
  private final Semaphore passes = new Semaphore(0);
  private volatile boolean holding;

  @Override
  public String modelName() {
    return "rule";
  }

  @Override
  public List<ImageResult> answer(List<ImageJob> jobs, List<byte[]> images, String instance) {
    List<String> texts = images.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    batches.add(texts);
    threads.add(Thread.currentThread().getName());
    entered.release();
    if (holding) {
      try {
        if (!passes.tryAcquire(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("held for longer than any test should");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    if (texts.contains("crash")) {
      throw new IllegalStateException("the model failed on its input");
    }
    List<ImageResult> results = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      String text = texts.get(i);
      results.add(text.startsWith("label:")
          ? ImageResult.success(jobs.get(i), List.of(new Guess(text.substring("label:".length()), 1.0)),
              modelName(), instance, 1)
          : ImageResult.failure(jobs.get(i), "the image could not be decoded", instance));
    }
    return results;
  }

  /** Holds each batch from now on inside the model until it is {@link #letOneThrough let through}. */
  void hold() {
    holding = true;
  }

  /** Lets the batch held now, or the next one to come, finish. */
  void letOneThrough() {
    passes.release();
  }

  /** Stops holding batches, and lets any held one finish. */
  void release() {
    holding = false;
    passes.release(1000);
  }

  /** Waits until a batch has entered the model. */
  void awaitBatch() throws InterruptedException {
    if (!entered.tryAcquire(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no batch reached the model");
    }
  }

  /** How many times the model was given this image. */
  long timesGiven(String text) {
    synchronized (batches) {
      return batches.stream().flatMap(List::stream).filter(text::equals).count();
    }
  }

  List<Integer> batchSizes() {
    synchronized (batches) {
      return batches.stream().map(List::size).toList();
    }
  }

  @Override
  public long warmUp(int batchSize) {
    return 0;
  }

  @Override
  public void close() {}
}
