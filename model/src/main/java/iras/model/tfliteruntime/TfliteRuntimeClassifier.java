package iras.model.tfliteruntime;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteFloat32;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteInt8;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteUInt8;

import iras.model.ImageClassifier;
import iras.model.Prediction;
import iras.model.image.ImagePreprocessor;
import iras.model.image.ModelInput;
import iras.model.image.PixelMapping;
import iras.model.image.UndecodableImageException;
import iras.model.source.ModelUnavailableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteIntArray;
import org.bytedeco.tensorflowlite.TfLiteTensor;

/**
 * A {@code .tflite} image classifier run by TensorFlow Lite's own runtime (XNNPACK for the operations it takes),
 * the runtime the file was made for. A quantized model gets its input as the file declares it, the pixels as
 * integers, so nothing is dequantized on the way in; its scores are dequantized on the way out. Not safe to share
 * between threads of its own accord (an interpreter runs one inference at a time), so calls are serialised.
 */
public final class TfliteRuntimeClassifier implements ImageClassifier {
  private static final int TOP = 5;

  /** Which kernels compute the operations. */
  public enum Kernels {
    /** XNNPACK's, for every operation it takes: the fast ones, and the default. */
    XNNPACK,
    /** TensorFlow Lite's built-in kernels only: the reference XNNPACK is compared with. */
    BUILT_IN
  }

  private final String modelName;
  private final FlatBufferModel model;
  /** Kept for the interpreter's life: it built the interpreter's operations and delegates. */
  private final BuiltinOpResolver ops;
  private final Interpreter interpreter;
  private final ImagePreprocessor preprocessor;
  private final int inputType;
  /** The image being fed, for a float model or a quantized one (the other is empty). */
  private final float[] floatInput;
  private final byte[] quantizedInput;
  private final int[] inputShape;
  private final List<String> labels;
  private final int classes;
  private final float outputScale;
  private final int outputZero;

  private TfliteRuntimeClassifier(String modelName, FlatBufferModel model, BuiltinOpResolver ops,
                                  Interpreter interpreter, IntFunction<List<String>> labelsFor)
      throws ModelUnavailableException {
    this.modelName = modelName;
    this.model = model;
    this.ops = ops;
    this.interpreter = interpreter;
    TfLiteTensor input = interpreter.input_tensor(0);
    this.inputType = input.type();
    this.inputShape = dims(input.dims());
    if (inputShape.length != 4 || inputShape[0] != 1 || inputShape[3] != 3) {
      throw new ModelUnavailableException(modelName + " takes an input of shape " + Arrays.toString(inputShape)
          + ", not one colour image (1 x height x width x 3)");
    }
    ModelInput modelInput = inputType == kTfLiteFloat32
        ? PixelMapping.SIGNED.input(inputShape[1], inputShape[2], 3, ModelInput.Layout.NHWC)
        : ModelInput.of(inputShape[1], inputShape[2], ModelInput.Colours.RGB, ModelInput.Layout.NHWC, 1f, 0f);
    if (inputType != kTfLiteFloat32 && inputType != kTfLiteUInt8 && inputType != kTfLiteInt8) {
      throw new ModelUnavailableException(modelName + " takes input of TFLite type " + inputType
          + "; image classifiers take uint8, int8 or float32");
    }
    this.preprocessor = new ImagePreprocessor(modelInput);
    this.floatInput = new float[inputType == kTfLiteFloat32 ? modelInput.size() : 0];
    this.quantizedInput = new byte[inputType == kTfLiteFloat32 ? 0 : modelInput.size()];
    TfLiteTensor output = interpreter.output_tensor(0);
    int[] outShape = dims(output.dims());
    if (outShape.length != 2) {
      throw new ModelUnavailableException(modelName + " outputs shape " + Arrays.toString(outShape)
          + ", not one score per class");
    }
    this.classes = outShape[1];
    this.outputScale = output.type() == kTfLiteFloat32 ? 1f : output.params().scale();
    this.outputZero = output.type() == kTfLiteFloat32 ? 0 : output.params().zero_point();
    if (output.type() != kTfLiteFloat32 && output.type() != kTfLiteUInt8 && output.type() != kTfLiteInt8) {
      throw new ModelUnavailableException(modelName + " outputs TFLite type " + output.type()
          + "; image classifiers output uint8, int8 or float32 scores");
    }
    this.labels = List.copyOf(labelsFor.apply(classes));
  }

  /**
   * Loads the model with its threads pinned to {@code threads}, on XNNPACK.
   *
   * @param labelsFor the label of each output, given their number
   * @throws ModelUnavailableException when the runtime cannot load here, or the file is no image classifier
   */
  public static TfliteRuntimeClassifier open(Path file, int threads, IntFunction<List<String>> labelsFor)
      throws ModelUnavailableException {
    return open(file, threads, labelsFor, Kernels.XNNPACK);
  }

  public static TfliteRuntimeClassifier open(Path file, int threads, IntFunction<List<String>> labelsFor,
                                             Kernels kernels) throws ModelUnavailableException {
    loadRuntime();
    String name = file.getFileName().toString().replaceFirst("\\.tflite$", "");
    FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
    if (model == null || model.isNull()) {
      throw new ModelUnavailableException(file + " is not a TFLite model TensorFlow Lite can read");
    }
    BuiltinOpResolver ops = kernels == Kernels.XNNPACK
        ? new BuiltinOpResolver() : new BuiltinOpResolverWithoutDefaultDelegates();
    // Empty: the builder fills in the interpreter it makes (a std::unique_ptr out-parameter).
    Interpreter interpreter = new Interpreter((Pointer) null);
    try {
      try (InterpreterBuilder builder = new InterpreterBuilder(model, ops)) {
        if (builder.SetNumThreads(threads) != kTfLiteOk || builder.apply(interpreter) != kTfLiteOk
            || interpreter.isNull() || interpreter.AllocateTensors() != kTfLiteOk) {
          throw new ModelUnavailableException("TensorFlow Lite cannot build an interpreter for " + file
              + "; try the project's own import of it with ?engine=dl4j");
        }
      }
      return new TfliteRuntimeClassifier(name, model, ops, interpreter, labelsFor);
    } catch (ModelUnavailableException | RuntimeException e) {
      interpreter.close();
      ops.close();
      model.close();
      throw e;
    }
  }

  private static void loadRuntime() throws ModelUnavailableException {
    try {
      Loader.load(org.bytedeco.tensorflowlite.global.tensorflowlite.class);
    } catch (LinkageError e) {
      throw new ModelUnavailableException("TensorFlow Lite's runtime does not load on this platform ("
          + Loader.getPlatform() + ": " + e.getMessage() + "); run the model on DL4J instead with ?engine=dl4j");
    }
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public synchronized List<Prediction> classify(List<byte[]> images) {
    // One inference per image: the file fixes its batch at one (its RESHAPE to [1, classes]), so an input tensor
    // resized to a batch cannot be allocated.
    List<Prediction> results = new ArrayList<>(images.size());
    for (byte[] image : images) {
      try {
        feed(image);
      } catch (UndecodableImageException e) {
        results.add(Prediction.failed(e.getMessage()));
        continue;
      }
      invoke();
      results.add(Prediction.top(scores(), labels, TOP));
    }
    return List.copyOf(results);
  }

  /** Decodes the image into the input tensor. */
  private void feed(byte[] image) throws UndecodableImageException {
    TfLiteTensor input = interpreter.input_tensor(0);
    if (inputType == kTfLiteFloat32) {
      preprocessor.preprocess(image, floatInput, 0);
      input.data().f().put(floatInput);
    } else {
      preprocessor.preprocessQuantized(image, quantizedInput, 0, inputType == kTfLiteInt8 ? 128 : 0);
      input.data().raw().put(quantizedInput);
    }
  }

  private void invoke() {
    if (interpreter.Invoke() != kTfLiteOk) {
      throw new IllegalStateException("TensorFlow Lite failed to run " + modelName);
    }
  }

  /** The scores of the last inference, dequantized. */
  private float[] scores() {
    TfLiteTensor output = interpreter.output_tensor(0);
    float[] scores = new float[classes];
    if (output.type() == kTfLiteFloat32) {
      output.data().f().get(scores);
      return scores;
    }
    byte[] raw = new byte[classes];
    output.data().raw().get(raw);
    boolean unsigned = output.type() == kTfLiteUInt8;
    for (int c = 0; c < classes; c++) {
      int q = unsigned ? raw[c] & 0xff : raw[c];
      scores[c] = outputScale * (q - outputZero);
    }
    return scores;
  }

  private static int[] dims(TfLiteIntArray dims) {
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.data(i);
    }
    return shape;
  }

  @Override
  public synchronized void close() {
    interpreter.close();
    ops.close();
    model.close();
  }
}
