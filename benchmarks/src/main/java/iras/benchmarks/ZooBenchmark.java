package iras.benchmarks;

import iras.worker.model.ClassifierOptions;
import iras.worker.model.Classifiers;
import iras.worker.model.ImageClassifier;
import iras.worker.model.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * deeplearning4j-zoo's ImageNet networks through the model catalog, untrained ({@code weights=random}: the
 * pretrained weights cannot be downloaded here, and the arithmetic is the same). Same measure as
 * {@link MobileNetBenchmark}: classify() on a batch of photos.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
public class ZooBenchmark {
  @Param({"squeezenet", "darknet19", "resnet50", "vgg16"})
  public String model;

  @Param({"1", "4", "8", "16"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  @Param({NativeBuild.DEFAULT})
  public String nativeBuild;

  private ImageClassifier classifier;
  private List<byte[]> images;

  @Setup
  public void load() throws IOException {
    NativeBuild.select(nativeBuild);
    classifier = Classifiers.open("zoo:" + model + "?weights=random",
        ClassifierOptions.defaults(Files.createTempDirectory("iras-bench")).withThreads(threads));
    images = BenchmarkFiles.photos(batch);
  }

  @Benchmark
  public List<Prediction> classify() {
    return classifier.classify(images);
  }

  @TearDown
  public void close() {
    classifier.close();
  }
}
