package iras.worker.answer;

import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import java.util.List;

/** A loaded model as the worker uses it: a batch of jobs and their images in, one result per job out. */
public interface Answerer extends AutoCloseable {

  /** A short name of the model, for results and logs. */
  String modelName();

  /**
   * The version of the gallery the next answers will be matched against, which they depend on as much as on the
   * image; null for a model that matches no gallery.
   */
  default String galleryVersion() {
    return null;
  }

  /**
   * Answers a batch in one forward pass. An image the model cannot read gets an error result without failing the
   * others.
   *
   * @param images the encoded image of each job, in the same order
   */
  List<ImageResult> answer(List<ImageJob> jobs, List<byte[]> images, String instance);

  /**
   * Runs the model over synthetic images until its hot code is compiled.
   *
   * @return how long it took, in milliseconds
   */
  long warmUp(int batchSize);

  @Override
  void close();

  /** The inference time each image of a batch is charged, in milliseconds. */
  static long perImageMs(long startNanos, int images) {
    return (System.nanoTime() - startNanos) / 1_000_000 / Math.max(1, images);
  }
}
