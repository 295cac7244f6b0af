package iras.benchmarks;

import iras.worker.model.GraphClassifier;
import iras.worker.model.ImageClassifier;
import iras.worker.model.LoadedNetwork;
import iras.worker.model.Nd4jThreads;
import iras.worker.model.Prediction;
import iras.worker.model.labels.ImageNetLabels;
import iras.worker.model.tflite.ImportedGraph;
import iras.worker.model.tflite.TfliteImporter;
import java.io.IOException;
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
 * One worker's classify() on a batch of photos, as the classifier actor calls it: JPEG decoding, preprocessing, one
 * forward pass, top-5. Images per second = batch / the time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MobileNetBenchmark {
  @Param({"mobilenet_v2_1.0_224_quant", "mobilenet_v1_0.75_192_quant", "mobilenet_v1_0.25_128_quant"})
  public String model;

  @Param({"1", "4", "8", "16"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  /** DIRECT (the importer's own 1x1 and depthwise convolutions) or STOCK (DL4J's layers). */
  @Param({"DIRECT"})
  public String kernels;

  /** The libnd4j build: default, avx512, onednn, onednn-avx512. */
  @Param({NativeBuild.DEFAULT})
  public String nativeBuild;

  private ImageClassifier classifier;
  private List<byte[]> images;

  @Setup
  public void load() throws IOException {
    NativeBuild.select(nativeBuild);
    Nd4jThreads.pin(threads);
    ImportedGraph imported =
        TfliteImporter.load(BenchmarkFiles.tflite(model), TfliteImporter.Kernels.valueOf(kernels));
    classifier = GraphClassifier.open(new LoadedNetwork(model, imported.graph(), imported.input()),
        ImageNetLabels.SYNSET::forOutputs);
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
