package iras.benchmarks;

import iras.model.ClassifierOptions;
import iras.model.ImageClassifier;
import iras.model.Prediction;
import iras.model.catalog.Classifiers;
import iras.model.tflite.ImportedGraph;
import iras.model.tflite.TfliteImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * MobileNetV2 1.0/224 quant, one file, on its two engines side by side: TensorFlow Lite's runtime (XNNPACK), the
 * default, and the project's import onto DL4J ({@code ?engine=dl4j}). With decoding, a batch goes through
 * {@link ImageClassifier#classify} as a worker calls it (decode, resize, inference, top-5); without, the engine alone
 * runs on an input tensor filled once. Images per second = batch / time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
  private static final String MODEL = "mobilenet_v2_1.0_224_quant";

  /** tflite (TensorFlow Lite's runtime) or dl4j (the project's import). */
  @Param({"tflite", "dl4j"})
  public String engine;

  /** course: the course's 64x64 JPEGs; photo: camera JPEGs of 0.4-0.5 megapixels. */
  @Param({"course", "photo"})
  public String images;

  @Param({"1", "8"})
  public int batch;

  @Param({"1", "2"})
  public int threads;

  /** included: encoded images through classify(); excluded: the engine on a ready input tensor. */
  @Param({"included", "excluded"})
  public String decoding;

  private ImageClassifier classifier;
  private List<byte[]> encoded;
  private Runnable inference;
  private AutoCloseable engineAlone;

  @Setup
  public void load() throws IOException {
    Path file = BenchmarkFiles.tflite(MODEL);
    encoded = images.equals("course") ? course(batch) : BenchmarkFiles.photos(batch);
    if (decoding.equals("included")) {
      ClassifierOptions options = ClassifierOptions.defaults(ScratchFolder.create("engine-benchmark"))
          .withThreads(threads);
      classifier = Classifiers.open("tflite:" + file + "?engine=" + engine, options);
    } else if (engine.equals("tflite")) {
      tfliteAlone(file);
    } else {
      dl4jAlone(file);
    }
  }

  private void tfliteAlone(Path file) {
    FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
    BuiltinOpResolver ops = new BuiltinOpResolver();
    Interpreter interpreter = new Interpreter((Pointer) null);
    try (InterpreterBuilder builder = new InterpreterBuilder(model, ops)) {
      builder.SetNumThreads(threads);
      builder.apply(interpreter);
    }
    interpreter.AllocateTensors();
    // Mid-grey: the time of these kernels does not depend on the values.
    interpreter.input_tensor(0).data().raw().fill(128);
    inference = () -> {
      // The file takes one image at a time; a batch is that many inferences, as the engine runs it.
      for (int i = 0; i < batch; i++) {
        interpreter.Invoke();
      }
    };
    engineAlone = () -> {
      interpreter.close();
      ops.close();
      model.close();
    };
  }

  private void dl4jAlone(Path file) throws IOException {
    iras.model.dl4j.Nd4jThreads.pin(threads);
    ImportedGraph imported = TfliteImporter.load(file);
    INDArray input = Nd4j.zeros(imported.input().shape(batch));
    inference = () -> imported.graph().outputSingle(input);
    engineAlone = () -> imported.graph().close();
  }

  private static List<byte[]> course(int n) {
    List<Path> files = List.of(BenchmarkFiles.course64(), BenchmarkFiles.course64().resolveSibling("test_1.JPEG"),
        BenchmarkFiles.course64().resolveSibling("test_2.JPEG"));
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(BenchmarkFiles.read(files.get(i % files.size())));
    }
    return out;
  }

  @Benchmark
  public Object run(CpuTime cpu) {
    cpu.start();
    Object result;
    if (classifier != null) {
      List<Prediction> predictions = classifier.classify(encoded);
      result = predictions;
    } else {
      inference.run();
      result = inference;
    }
    cpu.stop(batch);
    return result;
  }

  @TearDown
  public void close() throws Exception {
    if (classifier != null) {
      classifier.close();
    } else {
      engineAlone.close();
    }
  }
}
