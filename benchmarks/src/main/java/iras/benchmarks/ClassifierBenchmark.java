package iras.benchmarks;

import iras.model.ImageClassifier;
import iras.model.Prediction;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One worker's classify() on a batch of photos, as the classifier actor calls it: JPEG decoding, preprocessing, one
 * forward pass, top-5. Images per second = batch / the time per operation; {@link CpuTime} adds the CPU time per
 * image. Subclasses say which model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class ClassifierBenchmark {
  @Param({"1", "4", "8", "16"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  /** The libnd4j build: default, avx512, onednn, onednn-avx512. */
  @Param({NativeBuild.DEFAULT})
  public String nativeBuild;

  private ImageClassifier classifier;
  private List<byte[]> images;

  /** Opens the model with ND4J pinned to {@code threads}. */
  protected abstract ImageClassifier open() throws IOException;

  @Setup
  public void load() throws IOException {
    NativeBuild.select(nativeBuild);
    classifier = open();
    images = BenchmarkFiles.photos(batch);
  }

  @Benchmark
  public List<Prediction> classify(CpuTime cpu) {
    cpu.start();
    List<Prediction> predictions = classifier.classify(images);
    cpu.stop(batch);
    return predictions;
  }

  @TearDown
  public void close() {
    classifier.close();
  }
}
