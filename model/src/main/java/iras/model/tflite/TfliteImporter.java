package iras.model.tflite;

import iras.model.tflite.BuiltinOptions.Padding;
import iras.model.tflite.TfliteModel.Operator;
import iras.model.tflite.TfliteModel.Tensor;
import iras.model.tflite.TfliteModel.TensorType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rebuilds subgraph 0 of a TFLite model as a DL4J {@link ComputationGraph} computing in float with the
 * dequantized weights (activations are not re-quantized between layers, so results are slightly more precise
 * than TFLite's integer kernels).
 *
 * <p>Layout: TFLite is NHWC, but the graph is built NCHW and the weights are permuted once here. In DL4J
 * 1.0.0-M2.1 NCHW is the native layout of the convolution layers: an NHWC layer permutes its input to NCHW and
 * its output back on every call, and the classifier can write pixels in NCHW order at no cost. NHWC semantics
 * matter only where TFLite flattens a feature map; RESHAPE is therefore accepted only where the order cannot
 * differ (a 1x1 feature map, as in front of every MobileNet classifier head).
 *
 * <p>Speed: 1x1 convolutions and depthwise convolutions, nearly all of a MobileNet's work, use
 * {@link DirectPointwiseConvolution} and {@link DirectDepthwiseConvolution2D}: DL4J's layers with a faster
 * forward pass (see there). Together they make MobileNetV2 about four times faster on one thread than DL4J's
 * stock layers, and a batch no slower per image than a single image.
 *
 * <p>Padding: TFLite SAME pads the smaller half on top/left; DL4J's {@link ConvolutionMode#Same} computes the
 * same top/left padding (floor of half the total) for convolutions and pooling, so it is used as is. VALID is
 * {@link ConvolutionMode#Truncate} without padding. Every op's output shape is checked against the shape the
 * file declares, so a disagreement is reported instead of producing wrong numbers.
 */
public final class TfliteImporter {
  private static final String INPUT = "input";
  /** Far above any classifier's input; keeps a corrupt shape from sizing multi-gigabyte input batches. */
  private static final int MAX_INPUT_SIDE = 4096;

  private final TfliteModel model;
  private final ComputationGraphConfiguration.GraphBuilder graph;
  /** The graph vertex holding each tensor's value, by tensor index. */
  private final Map<Integer, String> vertexOf = new HashMap<>();
  /** Weights to copy into the initialised graph, by layer name: W then b, already in DL4J's layout. */
  private final Map<String, INDArray[]> params = new LinkedHashMap<>();

  /** Which implementation computes the 1x1 and depthwise convolutions. */
  public enum Kernels {
    /** {@link DirectPointwiseConvolution} and {@link DirectDepthwiseConvolution2D}: the fast ones. */
    DIRECT,
    /** DL4J's own layers: the reference the direct ones are measured against. */
    STOCK
  }

  private final Kernels kernels;

  private TfliteImporter(TfliteModel model, Kernels kernels) {
    this.model = model;
    this.kernels = kernels;
    this.graph = new NeuralNetConfiguration.Builder()
        .dataType(DataType.FLOAT)
        // Every parameter is overwritten with the file's weights; zeros just make init cheap.
        .weightInit(WeightInit.ZERO)
        .graphBuilder();
  }

  public static ImportedGraph load(Path file) throws IOException {
    return load(file, Kernels.DIRECT);
  }

  public static ImportedGraph load(Path file, Kernels kernels) throws IOException {
    TfliteModel model = TfliteReader.read(file);
    try {
      return new TfliteImporter(model, kernels).build();
    } catch (TfliteFormatException e) {
      throw new TfliteFormatException(file.getFileName() + ": " + e.getMessage());
    }
  }

  public static ImportedGraph importModel(TfliteModel model) throws TfliteFormatException {
    return new TfliteImporter(model, Kernels.DIRECT).build();
  }

  private ImportedGraph build() throws TfliteFormatException {
    TfliteModel.SubGraph sg = model.subgraph();
    if (sg.inputs().length != 1 || sg.outputs().length != 1) {
      throw new TfliteFormatException("expected one input and one output tensor, found "
          + sg.inputs().length + " and " + sg.outputs().length);
    }
    Tensor input = sg.tensors().get(sg.inputs()[0]);
    int[] in = input.shape();
    if (in.length != 4 || in[1] < 1 || in[2] < 1 || in[3] < 1) {
      throw new TfliteFormatException("input tensor \"" + input.name() + "\" has shape " + Arrays.toString(in)
          + ", expected an image [batch, height, width, channels]");
    }
    if (in[1] > MAX_INPUT_SIDE || in[2] > MAX_INPUT_SIDE || in[3] > MAX_INPUT_SIDE) {
      throw new TfliteFormatException("input tensor \"" + input.name() + "\" has shape " + Arrays.toString(in)
          + "; image models take at most " + MAX_INPUT_SIDE + " pixels or channels per side");
    }
    graph.addInputs(INPUT).setInputTypes(InputType.convolutional(in[1], in[2], in[3]));
    vertexOf.put(input.index(), INPUT);

    for (Operator op : sg.operators()) {
      addOperator(op);
    }

    Tensor output = sg.tensors().get(sg.outputs()[0]);
    String outputVertex = vertexOf.get(output.index());
    if (outputVertex == null || outputVertex.equals(INPUT)) {
      throw new TfliteFormatException("output tensor \"" + output.name() + "\" is not computed by any operator");
    }
    int[] out = output.shape();
    if (out.length != 2 && out.length != 4) {
      throw new TfliteFormatException("output tensor \"" + output.name() + "\" has shape "
          + Arrays.toString(out) + ", expected [batch, values] or [batch, height, width, channels]");
    }
    graph.setOutputs(outputVertex);

    ComputationGraph net;
    try {
      net = new ComputationGraph(graph.build());
      net.init();
    } catch (RuntimeException e) {
      // DL4J validates configurations with assorted unchecked exceptions; to callers this is a model problem.
      throw new TfliteFormatException("DL4J rejected the rebuilt graph: " + e.getMessage());
    }
    for (Map.Entry<String, INDArray[]> e : params.entrySet()) {
      setParam(net, e.getKey(), "W", e.getValue()[0]);
      setParam(net, e.getKey(), "b", e.getValue()[1]);
    }
    float[] pixel = pixelMapping(input);
    long values = Arrays.stream(out).skip(1).asLongStream().reduce(1, (a, b) -> a * b);
    if (values > Integer.MAX_VALUE) {
      throw new TfliteFormatException("output tensor \"" + output.name() + "\" of shape "
          + Arrays.toString(out) + " is too large");
    }
    return new ImportedGraph(net, in[1], in[2], in[3], (int) values, pixel[0], pixel[1]);
  }

  private static void setParam(ComputationGraph net, String layer, String key, INDArray value)
      throws TfliteFormatException {
    INDArray param = net.getLayer(layer).getParam(key);
    if (!Arrays.equals(param.shape(), value.shape())) {
      throw new TfliteFormatException("layer " + layer + ": weights " + key + " have shape "
          + Arrays.toString(value.shape()) + ", DL4J expects " + Arrays.toString(param.shape()));
    }
    // Assign into the existing view: the graph's parameters live in one flat array.
    param.assign(value);
  }

  /** Scale and zero point taking a 0..255 pixel to the model's real-valued input. */
  private static float[] pixelMapping(Tensor input) {
    TfliteModel.Quantization q = input.quantization();
    if (q.scale().length == 1 && (input.type() == TensorType.UINT8 || input.type() == TensorType.INT8)) {
      // An int8 input holds pixel - 128.
      float shift = input.type() == TensorType.INT8 ? 128f : 0f;
      return new float[] {q.scale()[0], q.zeroPoint()[0] + shift};
    }
    // Float MobileNets expect [-1, 1]; the same mapping the quantized ones declare.
    return new float[] {1f / 128f, 128f};
  }

  private void addOperator(Operator op) throws TfliteFormatException {
    int code = model.operatorCodes().get(op.opcodeIndex()).builtinCode();
    String name = "op" + op.index() + "_" + BuiltinOperator.name(code).toLowerCase();
    switch (code) {
      case BuiltinOperator.CONV_2D -> conv2d(op, name);
      case BuiltinOperator.DEPTHWISE_CONV_2D -> depthwiseConv2d(op, name);
      case BuiltinOperator.AVERAGE_POOL_2D -> averagePool(op, name);
      case BuiltinOperator.ADD -> add(op, name);
      case BuiltinOperator.RESHAPE -> reshape(op, name);
      case BuiltinOperator.SOFTMAX -> softmax(op, name);
      // The graph computes in float throughout, so (de)quantizing is the identity.
      case BuiltinOperator.QUANTIZE, BuiltinOperator.DEQUANTIZE -> {
        requireArity(op, 1, 1, 1);
        if (!Arrays.equals(shape(op.inputs()[0]), shape(op.outputs()[0]))) {
          throw error(op, "input and output shapes differ");
        }
        vertexOf.put(op.outputs()[0], inputVertex(op, 0));
      }
      default -> throw new TfliteFormatException("unsupported operator " + BuiltinOperator.name(code)
          + " (operator " + op.index() + "); supported: CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D,"
          + " ADD, RESHAPE, SOFTMAX, QUANTIZE, DEQUANTIZE");
    }
  }

  private void conv2d(Operator op, String name) throws TfliteFormatException {
    BuiltinOptions.Conv2D o = options(op, BuiltinOptions.Conv2D.class);
    requireArity(op, 2, 3, 1);
    int[] x = featureMap(op, 0);
    Tensor filter = constant(op, 1);
    int[] f = filter.shape();
    if (f.length != 4 || f[3] != x[3]) {
      throw error(op, "filter shape " + Arrays.toString(f) + " does not fit input " + Arrays.toString(x)
          + " (expected [out, kh, kw, " + x[3] + "])");
    }
    int out = f[0];
    int kh = f[1];
    int kw = f[2];
    checkWindow(op, x, out, kh, kw, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), o.padding());
    // TFLite [out, kh, kw, in] -> DL4J [out, in, kh, kw].
    INDArray w = Nd4j.create(weights(filter), new long[] {out, kh, kw, x[3]}, 'c').permute(0, 3, 1, 2).dup('c');
    ConvolutionLayer.Builder layer = new ConvolutionLayer.Builder(kh, kw)
        .stride(o.strideH(), o.strideW())
        .dilation(o.dilationH(), o.dilationW())
        .convolutionMode(mode(o.padding()))
        .nIn(x[3]).nOut(out)
        .activation(outputActivation(op, activation(op, o.activation())));
    boolean pointwise = kernels == Kernels.DIRECT && kh == 1 && kw == 1 && o.strideH() == 1 && o.strideW() == 1;
    graph.addLayer(name, pointwise ? new DirectPointwiseConvolution(layer) : layer.build(), inputVertex(op, 0));
    params.put(name, new INDArray[] {w, bias(op, out)});
    vertexOf.put(op.outputs()[0], name);
  }

  private void depthwiseConv2d(Operator op, String name) throws TfliteFormatException {
    BuiltinOptions.DepthwiseConv2D o = options(op, BuiltinOptions.DepthwiseConv2D.class);
    requireArity(op, 2, 3, 1);
    int[] x = featureMap(op, 0);
    Tensor filter = constant(op, 1);
    int[] f = filter.shape();
    int channels = x[3];
    if (f.length != 4 || f[0] != 1 || f[3] % channels != 0 || f[3] == 0) {
      throw error(op, "depthwise filter shape " + Arrays.toString(f) + " does not fit input "
          + Arrays.toString(x) + " (expected [1, kh, kw, " + channels + " * multiplier])");
    }
    int multiplier = f[3] / channels;
    if (o.depthMultiplier() != 0 && o.depthMultiplier() != multiplier) {
      throw error(op, "depth_multiplier " + o.depthMultiplier() + " does not match filter shape "
          + Arrays.toString(f));
    }
    int kh = f[1];
    int kw = f[2];
    int out = f[3];
    checkWindow(op, x, out, kh, kw, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), o.padding());
    // TFLite [1, kh, kw, in * mult] with output channel c * mult + m -> DL4J [kh, kw, in, mult]: same order.
    INDArray w = Nd4j.create(weights(filter), new long[] {kh, kw, channels, multiplier}, 'c');
    DepthwiseConvolution2D.Builder layer = new DepthwiseConvolution2D.Builder(kh, kw)
        .stride(o.strideH(), o.strideW())
        .dilation(o.dilationH(), o.dilationW())
        .convolutionMode(mode(o.padding()))
        .depthMultiplier(multiplier)
        .nIn(channels).nOut(out)
        .activation(outputActivation(op, activation(op, o.activation())));
    graph.addLayer(name, kernels == Kernels.DIRECT ? new DirectDepthwiseConvolution2D(layer) : layer.build(),
        inputVertex(op, 0));
    params.put(name, new INDArray[] {w, bias(op, out)});
    vertexOf.put(op.outputs()[0], name);
  }

  private void averagePool(Operator op, String name) throws TfliteFormatException {
    BuiltinOptions.Pool2D o = options(op, BuiltinOptions.Pool2D.class);
    requireArity(op, 1, 1, 1);
    int[] x = featureMap(op, 0);
    checkWindow(op, x, x[3], o.filterHeight(), o.filterWidth(), o.strideH(), o.strideW(), 1, 1, o.padding());
    graph.addLayer(name, new SubsamplingLayer.Builder(PoolingType.AVG)
        .kernelSize(o.filterHeight(), o.filterWidth())
        .stride(o.strideH(), o.strideW())
        .convolutionMode(mode(o.padding()))
        // TFLite averages over the valid (unpadded) cells of the window.
        .avgPoolIncludePadInDivisor(false)
        .build(), inputVertex(op, 0));
    vertexOf.put(op.outputs()[0], fusedActivation(op, name, o.activation()));
  }

  private void add(Operator op, String name) throws TfliteFormatException {
    BuiltinOptions.Activation activation = op.options() instanceof BuiltinOptions.Add a
        ? a.activation() : BuiltinOptions.Activation.NONE;
    requireArity(op, 2, 2, 1);
    int[] a = shape(op.inputs()[0]);
    int[] b = shape(op.inputs()[1]);
    int[] out = shape(op.outputs()[0]);
    if (!Arrays.equals(a, b) || !Arrays.equals(a, out)) {
      throw error(op, "only same-shape ADD is supported, got " + Arrays.toString(a) + " + "
          + Arrays.toString(b) + " -> " + Arrays.toString(out));
    }
    graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), inputVertex(op, 0),
        inputVertex(op, 1));
    vertexOf.put(op.outputs()[0], fusedActivation(op, name, activation));
  }

  private void reshape(Operator op, String name) throws TfliteFormatException {
    if (op.inputs().length < 1 || op.outputs().length != 1) {
      throw error(op, "expected a data input and one output");
    }
    int[] x = shape(op.inputs()[0]);
    int[] out = shape(op.outputs()[0]);
    String source = inputVertex(op, 0);
    if (Arrays.equals(x, out)) {
      vertexOf.put(op.outputs()[0], source);
    } else if (x.length == 4 && x[1] == 1 && x[2] == 1 && out.length == 2 && out[1] == x[3]) {
      graph.addVertex(name, new PreprocessorVertex(new CnnToFeedForwardPreProcessor(1, 1, x[3])), source);
      vertexOf.put(op.outputs()[0], name);
    } else {
      throw error(op, "RESHAPE " + Arrays.toString(x) + " -> " + Arrays.toString(out)
          + " is not supported (only flattening a 1x1 feature map)");
    }
  }

  private void softmax(Operator op, String name) throws TfliteFormatException {
    if (op.options() instanceof BuiltinOptions.Softmax s && s.beta() != 1f) {
      throw error(op, "SOFTMAX with beta " + s.beta() + " is not supported (only 1)");
    }
    requireArity(op, 1, 1, 1);
    int[] x = shape(op.inputs()[0]);
    if (x.length != 2) {
      throw error(op, "SOFTMAX over a tensor of shape " + Arrays.toString(x)
          + " is not supported (only [batch, classes])");
    }
    graph.addLayer(name, new ActivationLayer.Builder()
        .activation(outputActivation(op, Activation.SOFTMAX.getActivationFunction())).build(), inputVertex(op, 0));
    vertexOf.put(op.outputs()[0], name);
  }

  /**
   * Layers without their own activation (pooling, ADD) get a separate activation layer when one is fused or their
   * output is quantized.
   */
  private String fusedActivation(Operator op, String vertex, BuiltinOptions.Activation fused)
      throws TfliteFormatException {
    IActivation activation = outputActivation(op, activation(op, fused));
    if (activation instanceof ActivationIdentity) {
      return vertex;
    }
    String name = vertex + "_" + (fused == BuiltinOptions.Activation.NONE ? "quantized" : fused.name().toLowerCase());
    graph.addLayer(name, new ActivationLayer.Builder().activation(activation).build(), vertex);
    return name;
  }

  private IActivation activation(Operator op, BuiltinOptions.Activation fused) throws TfliteFormatException {
    return (switch (fused) {
      case NONE -> Activation.IDENTITY;
      case RELU -> Activation.RELU;
      case RELU6 -> Activation.RELU6;
      case RELU_N1_TO_1 -> Activation.HARDTANH;
      case TANH -> Activation.TANH;
      case SIGN_BIT -> throw error(op, "fused activation SIGN_BIT is not supported");
    }).getActivationFunction();
  }

  /** {@code activation}, rounded to the output tensor's 8-bit grid when the file stores that tensor quantized. */
  private IActivation outputActivation(Operator op, IActivation activation) throws TfliteFormatException {
    Tensor out = model.subgraph().tensors().get(op.outputs()[0]);
    TfliteModel.Quantization q = out.quantization();
    boolean unsigned = out.type() == TensorType.UINT8;
    if (q.scale().length != 1 || !(unsigned || out.type() == TensorType.INT8)) {
      return activation;
    }
    return new QuantizedActivation(activation, q.scale()[0], q.zeroPoint()[0], unsigned ? 0 : -128,
        unsigned ? 255 : 127);
  }

  private static ConvolutionMode mode(Padding padding) {
    return padding == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
  }

  /** Validates window parameters and that TFLite's output shape is what this padding mode produces. */
  private void checkWindow(Operator op, int[] x, int outChannels, int kh, int kw, int sh, int sw, int dh, int dw,
                           Padding padding) throws TfliteFormatException {
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) {
      throw error(op, "invalid window: kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
          + ", dilation " + dh + "x" + dw);
    }
    int[] expected = {x[0], outSize(x[1], kh, sh, dh, padding), outSize(x[2], kw, sw, dw, padding), outChannels};
    if (expected[1] < 1 || expected[2] < 1) {
      throw error(op, "window " + kh + "x" + kw + " does not fit input " + Arrays.toString(x));
    }
    int[] declared = shape(op.outputs()[0]);
    if (!Arrays.equals(expected, declared)) {
      throw error(op, "output shape " + Arrays.toString(declared) + " differs from "
          + Arrays.toString(expected) + " computed for input " + Arrays.toString(x) + " with " + padding
          + " padding");
    }
  }

  private static int outSize(int in, int kernel, int stride, int dilation, Padding padding) {
    long effective = (long) (kernel - 1) * dilation + 1;
    long size = padding == Padding.SAME ? (in + stride - 1L) / stride : Math.floorDiv(in - effective, stride) + 1;
    return (int) Math.max(size, 0);
  }

  private INDArray bias(Operator op, int channels) throws TfliteFormatException {
    if (op.inputs().length < 3 || op.inputs()[2] < 0) {
      return Nd4j.zeros(DataType.FLOAT, channels);
    }
    Tensor bias = constant(op, 2);
    if (bias.shape().length != 1 || bias.shape()[0] != channels) {
      throw error(op, "bias shape " + Arrays.toString(bias.shape()) + " does not match " + channels
          + " output channels");
    }
    return Nd4j.create(weights(bias), new long[] {channels}, 'c');
  }

  private float[] weights(Tensor t) throws TfliteFormatException {
    return Dequantizer.toFloats(t, model.buffers().get(t.buffer()));
  }

  private Tensor constant(Operator op, int input) throws TfliteFormatException {
    int index = op.inputs()[input];
    if (index < 0) {
      throw error(op, "input " + input + " is missing");
    }
    Tensor t = model.subgraph().tensors().get(index);
    if (model.buffers().isEmpty() || model.buffers().get(t.buffer()).length == 0) {
      throw error(op, "input " + input + " (\"" + t.name() + "\") must be a constant with data");
    }
    return t;
  }

  /** Shape of a computed rank-4 input, [batch, height, width, channels]. */
  private int[] featureMap(Operator op, int input) throws TfliteFormatException {
    int[] x = shape(op.inputs()[input]);
    if (x.length != 4) {
      throw error(op, "input " + input + " has shape " + Arrays.toString(x)
          + ", expected [batch, height, width, channels]");
    }
    return x;
  }

  private String inputVertex(Operator op, int input) throws TfliteFormatException {
    int index = op.inputs()[input];
    String vertex = index < 0 ? null : vertexOf.get(index);
    if (vertex == null) {
      throw error(op, "input " + input + " (tensor " + index + ") is not the graph input or the output of an"
          + " earlier operator");
    }
    return vertex;
  }

  private int[] shape(int tensor) throws TfliteFormatException {
    if (tensor < 0) {
      throw new TfliteFormatException("a required tensor is missing (index -1)");
    }
    return model.subgraph().tensors().get(tensor).shape();
  }

  private void requireArity(Operator op, int minInputs, int maxInputs, int outputs) throws TfliteFormatException {
    if (op.inputs().length < minInputs || op.inputs().length > maxInputs || op.outputs().length != outputs) {
      throw error(op, "expected " + (minInputs == maxInputs ? "" : minInputs + " to ") + maxInputs
          + " inputs and " + outputs + " outputs, found " + op.inputs().length + " and "
          + op.outputs().length);
    }
  }

  private <T extends BuiltinOptions> T options(Operator op, Class<T> type) throws TfliteFormatException {
    if (!type.isInstance(op.options())) {
      throw error(op, "missing or wrong builtin options (" + op.options() + ")");
    }
    return type.cast(op.options());
  }

  private TfliteFormatException error(Operator op, String message) {
    return new TfliteFormatException("operator " + op.index() + " ("
        + BuiltinOperator.name(model.operatorCodes().get(op.opcodeIndex()).builtinCode()) + "): " + message);
  }
}
