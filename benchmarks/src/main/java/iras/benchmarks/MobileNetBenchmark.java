package iras.benchmarks;

import iras.model.dl4j.GraphClassifier;
import iras.model.ImageClassifier;
import iras.model.dl4j.LoadedNetwork;
import iras.model.dl4j.Nd4jThreads;
import iras.model.labels.ImageNetLabels;
import iras.model.tflite.ImportedGraph;
import iras.model.tflite.TfliteImporter;
import java.io.IOException;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/** The TFLite MobileNets of the shared models folder, imported with the direct or DL4J's stock kernels. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MobileNetBenchmark extends ClassifierBenchmark {
  @Param({"mobilenet_v2_1.0_224_quant", "mobilenet_v1_0.75_192_quant", "mobilenet_v1_0.25_128_quant"})
  public String model;

  /** DIRECT (the importer's own 1x1 and depthwise convolutions) or STOCK (DL4J's layers). */
  @Param({"DIRECT"})
  public String kernels;

  @Override
  protected ImageClassifier open() throws IOException {
    Nd4jThreads.pin(threads);
    ImportedGraph imported =
        TfliteImporter.load(BenchmarkFiles.tflite(model), TfliteImporter.Kernels.valueOf(kernels));
    return GraphClassifier.open(new LoadedNetwork(model, imported.graph(), imported.input()),
        ImageNetLabels.SYNSET::forOutputs);
  }
}
