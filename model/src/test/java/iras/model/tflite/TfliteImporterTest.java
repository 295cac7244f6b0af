package iras.model.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.SharedFiles;
import iras.model.tflite.BuiltinOptions.Activation;
import iras.model.tflite.BuiltinOptions.Padding;
import iras.model.tflite.TfliteModel.Operator;
import iras.model.tflite.TfliteModel.OperatorCode;
import iras.model.tflite.TfliteModel.Quantization;
import iras.model.tflite.TfliteModel.SubGraph;
import iras.model.tflite.TfliteModel.Tensor;
import iras.model.tflite.TfliteModel.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The importer's graphs are checked against a direct implementation of TFLite's reference kernels (NHWC, TFLite
 * padding: the smaller half of SAME padding on top/left), on small one- or two-op models built in memory.
 */
class TfliteImporterTest {
  private static final float TOLERANCE = 1e-4f;
  private final Random random = new Random(3);

  @Test
  void conv2dMatchesTfliteForSamePaddingStridesAndDilation() throws Exception {
    // Odd and even sizes with stride 2 put the odd padding pixel at the bottom/right.
    for (int[] g : new int[][] {
        // h, w, c, out, kh, kw, stride, dilation, same
        {7, 7, 3, 4, 3, 3, 2, 1, 1}, {8, 8, 3, 4, 3, 3, 2, 1, 1}, {9, 6, 2, 3, 3, 3, 1, 1, 1},
        {10, 11, 2, 3, 5, 3, 2, 1, 0}, {9, 9, 2, 2, 3, 3, 1, 2, 1}, {9, 9, 2, 2, 3, 3, 1, 2, 0},
        {6, 5, 4, 5, 1, 1, 1, 1, 1}, {6, 5, 4, 5, 1, 1, 2, 1, 0}}) {
      Padding padding = g[8] == 1 ? Padding.SAME : Padding.VALID;
      var options = new BuiltinOptions.Conv2D(padding, g[6], g[6], Activation.RELU6, g[7], g[7]);
      checkAgainstReference(BuiltinOperator.CONV_2D, options, 2, g[0], g[1], g[2],
          new int[] {g[3], g[4], g[5], g[2]}, g[3]);
    }
  }

  @Test
  void depthwiseConv2dMatchesTfliteIncludingDepthMultiplier() throws Exception {
    for (int[] g : new int[][] {
        // h, w, c, multiplier, kh, kw, stride, dilation, same
        {7, 7, 3, 1, 3, 3, 2, 1, 1}, {8, 8, 3, 1, 3, 3, 2, 1, 1}, {8, 7, 4, 1, 3, 3, 1, 1, 1},
        {11, 10, 2, 2, 5, 5, 2, 1, 0}, {9, 9, 3, 1, 3, 3, 1, 2, 1}, {9, 9, 2, 3, 3, 3, 1, 1, 1}}) {
      Padding padding = g[8] == 1 ? Padding.SAME : Padding.VALID;
      var options = new BuiltinOptions.DepthwiseConv2D(padding, g[6], g[6], g[3], Activation.NONE, g[7], g[7]);
      checkAgainstReference(BuiltinOperator.DEPTHWISE_CONV_2D, options, 3, g[0], g[1], g[2],
          new int[] {1, g[4], g[5], g[2] * g[3]}, g[2] * g[3]);
    }
  }

  @Test
  void averagePoolMatchesTfliteCountingOnlyCellsInsideTheImage() throws Exception {
    for (int[] g : new int[][] {{7, 7, 3, 3, 2, 1}, {8, 6, 2, 3, 2, 1}, {7, 7, 3, 7, 1, 0}, {9, 9, 2, 4, 2, 0}}) {
      Padding padding = g[5] == 1 ? Padding.SAME : Padding.VALID;
      var options = new BuiltinOptions.Pool2D(padding, g[4], g[4], g[3], g[3], Activation.RELU);
      checkAgainstReference(BuiltinOperator.AVERAGE_POOL_2D, options, 2, g[0], g[1], g[2], null, g[2]);
    }
  }

  @Test
  void batchedLayersAcceptTheStridedViewsDl4jConvolutionsReturn() throws Exception {
    // DL4J's 3x3 convolution returns a permuted view for batches; the 1x1 and depthwise layers after it
    // must read it in NCHW order.
    ModelBuilder m = new ModelBuilder(BuiltinOperator.CONV_2D, BuiltinOperator.DEPTHWISE_CONV_2D);
    int input = m.tensor(new int[] {3, 9, 9, 2}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    float[] f1 = randoms(4 * 3 * 3 * 2);
    float[] b1 = randoms(4);
    int conv = m.tensor(new int[] {3, 5, 5, 4}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(0, new BuiltinOptions.Conv2D(Padding.SAME, 2, 2, Activation.NONE, 1, 1), new int[] {input,
        m.tensor(new int[] {4, 3, 3, 2}, TensorType.FLOAT32, floats(f1), Quantization.NONE),
        m.tensor(new int[] {4}, TensorType.FLOAT32, floats(b1), Quantization.NONE)}, conv);
    float[] f2 = randoms(3 * 4);
    float[] b2 = randoms(3);
    int pointwise = m.tensor(new int[] {3, 5, 5, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(0, new BuiltinOptions.Conv2D(Padding.SAME, 1, 1, Activation.NONE, 1, 1), new int[] {conv,
        m.tensor(new int[] {3, 1, 1, 4}, TensorType.FLOAT32, floats(f2), Quantization.NONE),
        m.tensor(new int[] {3}, TensorType.FLOAT32, floats(b2), Quantization.NONE)}, pointwise);
    float[] f3 = randoms(3 * 3 * 3);
    float[] b3 = randoms(3);
    int depthwise = m.tensor(new int[] {3, 5, 5, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(1, new BuiltinOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, Activation.NONE, 1, 1), new int[] {
        pointwise,
        m.tensor(new int[] {1, 3, 3, 3}, TensorType.FLOAT32, floats(f3), Quantization.NONE),
        m.tensor(new int[] {3}, TensorType.FLOAT32, floats(b3), Quantization.NONE)}, depthwise);

    float[] x = randoms(3 * 9 * 9 * 2);
    float[] y = Reference.conv2d(x, 3, 9, 9, 2, f1, 4, 3, 3, b1, 2, 1, true, false, 1, Activation.NONE);
    y = Reference.conv2d(y, 3, 5, 5, 4, f2, 3, 1, 1, b2, 1, 1, true, false, 1, Activation.NONE);
    y = Reference.conv2d(y, 3, 5, 5, 3, f3, 3, 3, 3, b3, 1, 1, true, true, 1, Activation.NONE);
    assertClose(y, run(m.build(), x, 3, 9, 9, 2), "conv, pointwise, depthwise on a batch of 3");
  }

  @Test
  void perChannelQuantizedFiltersAndInt32BiasesDequantize() throws Exception {
    int h = 6;
    int w = 6;
    int c = 3;
    int out = 4;
    ModelBuilder m = new ModelBuilder(BuiltinOperator.CONV_2D);
    int input = m.tensor(new int[] {1, h, w, c}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    byte[] q = new byte[out * 3 * 3 * c];
    random.nextBytes(q);
    float[] scales = {0.01f, 0.02f, 0.005f, 0.03f};
    long[] zeros = {128, 100, 140, 90};
    int filter = m.tensor(new int[] {out, 3, 3, c}, TensorType.UINT8, q, new Quantization(scales, zeros, 0));
    int[] rawBias = {1000, -2000, 300, 0};
    ByteBuffer bias = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : rawBias) {
      bias.putInt(v);
    }
    int biasTensor = m.tensor(new int[] {out}, TensorType.INT32, bias.array(),
        new Quantization(new float[] {0.001f}, new long[] {0}, 0));
    int output = m.tensor(new int[] {1, h, w, out}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(new BuiltinOptions.Conv2D(Padding.SAME, 1, 1, Activation.NONE, 1, 1),
        new int[] {input, filter, biasTensor}, output);

    float[] realFilter = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      int channel = i / (3 * 3 * c);
      realFilter[i] = scales[channel] * ((q[i] & 0xff) - zeros[channel]);
    }
    float[] realBias = new float[out];
    for (int i = 0; i < out; i++) {
      realBias[i] = 0.001f * rawBias[i];
    }
    float[] x = randoms(h * w * c);
    float[] expected = Reference.conv2d(x, 1, h, w, c, realFilter, out, 3, 3, realBias, 1, 1, true, false, 1,
        Activation.NONE);
    assertClose(expected, run(m.build(), x, 1, h, w, c), "per-channel conv");
  }

  @Test
  void addWithFusedReluAndReshapeToClassScoresWithSoftmax() throws Exception {
    ModelBuilder m = new ModelBuilder(BuiltinOperator.CONV_2D, BuiltinOperator.ADD,
        BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE, BuiltinOperator.SOFTMAX);
    int input = m.tensor(new int[] {1, 4, 4, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    float[] filter = randoms(3 * 3);
    int filterTensor = m.tensor(new int[] {3, 1, 1, 3}, TensorType.FLOAT32, floats(filter), Quantization.NONE);
    int conv = m.tensor(new int[] {1, 4, 4, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(0, new BuiltinOptions.Conv2D(Padding.SAME, 1, 1, Activation.NONE, 1, 1),
        new int[] {input, filterTensor, -1}, conv);
    int sum = m.tensor(new int[] {1, 4, 4, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(1, new BuiltinOptions.Add(Activation.RELU), new int[] {conv, input}, sum);
    int pooled = m.tensor(new int[] {1, 1, 1, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(2, new BuiltinOptions.Pool2D(Padding.VALID, 4, 4, 4, 4, Activation.NONE), new int[] {sum}, pooled);
    int flat = m.tensor(new int[] {1, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(3, new BuiltinOptions.Reshape(new int[] {1, 3}), new int[] {pooled}, flat);
    int probabilities = m.tensor(new int[] {1, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(4, new BuiltinOptions.Softmax(1f), new int[] {flat}, probabilities);

    float[] x = randoms(4 * 4 * 3);
    float[] convolved = Reference.conv2d(x, 1, 4, 4, 3, filter, 3, 1, 1, new float[3], 1, 1, true, false, 1,
        Activation.NONE);
    float[] means = new float[3];
    for (int i = 0; i < convolved.length; i++) {
      means[i % 3] += Math.max(0, convolved[i] + x[i]) / 16;
    }
    double total = 0;
    for (float v : means) {
      total += Math.exp(v);
    }
    float[] expected = new float[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = (float) (Math.exp(means[i]) / total);
    }
    ImportedGraph graph = TfliteImporter.importModel(m.build());
    assertEquals(3, graph.outputs());
    assertClose(expected, graph.graph().outputSingle(nchw(x, 1, 4, 4, 3)).toFloatVector(), "softmax head");
  }

  @Test
  void importsMobileNetV1WithItsInputQuantization() throws Exception {
    ImportedGraph graph = TfliteImporter.load(SharedFiles.model(SharedFiles.V1_025));
    assertEquals(128, graph.height());
    assertEquals(128, graph.width());
    assertEquals(3, graph.channels());
    assertEquals(1001, graph.outputs());
    // uint8 input with scale 1/128 and zero point 128: pixel p enters as (p - 128) / 128.
    assertEquals(1f / 128, graph.pixelScale());
    assertEquals(128f, graph.pixelZero());
  }

  @Test
  void directKernelsComputeWhatDl4jsStockLayersCompute() throws Exception {
    Path file = SharedFiles.model(SharedFiles.V1_025);
    ImportedGraph direct = TfliteImporter.load(file, TfliteImporter.Kernels.DIRECT);
    ImportedGraph stock = TfliteImporter.load(file, TfliteImporter.Kernels.STOCK);
    float[] x = randoms(2 * 128 * 128 * 3);
    TfliteModel model = TfliteReader.read(Files.readAllBytes(file));
    float step = model.subgraph().tensors().get(model.subgraph().outputs()[0]).quantization().scale()[0];
    assertSameOnTheGrid(stock.graph().outputSingle(nchw(x, 2, 128, 128, 3)).ravel().toFloatVector(),
        direct.graph().outputSingle(nchw(x, 2, 128, 128, 3)).ravel().toFloatVector(), step, 2,
        "MobileNetV1 0.25/128, batch of 2");
  }

  /**
   * The same top class for each image, and every other value the same but for a few, a few steps of the 8-bit grid
   * apart. The stock layers run on oneDNN, whose sums come out in another order than the direct kernels': a sum
   * within a rounding error of the middle between two steps is rounded to the one or to the other, and such a flip
   * in an early layer moves a few values of the last ones (measured: 19 of 2002 values, at most 7 steps, the top
   * classes the same). A kernel that computes something else changes most values, by many steps.
   */
  private static void assertSameOnTheGrid(float[] expected, float[] actual, float step, int images, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    int apart = 0;
    for (int i = 0; i < expected.length; i++) {
      float difference = Math.abs(expected[i] - actual[i]);
      if (difference > TOLERANCE * Math.max(1, Math.abs(expected[i]))) {
        assertTrue(difference <= 10 * step * (1 + TOLERANCE), what + ": value " + i + " is " + actual[i]
            + ", the stock layers give " + expected[i] + " (one step is " + step + ")");
        apart++;
      }
    }
    assertTrue(apart <= expected.length / 50, what + ": " + apart + " of " + expected.length + " values differ");
    int classes = expected.length / images;
    for (int image = 0; image < images; image++) {
      assertEquals(top(expected, image * classes, classes), top(actual, image * classes, classes),
          what + ": the top class of image " + image);
    }
  }

  private static int top(float[] scores, int from, int length) {
    int best = from;
    for (int i = from; i < from + length; i++) {
      best = scores[i] > scores[best] ? i : best;
    }
    return best - from;
  }

  @Test
  void unsupportedOperatorIsNamed() throws Exception {
    TfliteModel model = TfliteReader.read(Files.readAllBytes(SharedFiles.model(SharedFiles.V1_025)));
    List<OperatorCode> codes = new ArrayList<>(model.operatorCodes());
    int pool = -1;
    for (int i = 0; i < codes.size(); i++) {
      if (codes.get(i).builtinCode() == BuiltinOperator.AVERAGE_POOL_2D) {
        pool = i;
      }
    }
    codes.set(pool, new OperatorCode(17, null, 1));
    TfliteModel withMaxPool = new TfliteModel(model.version(), codes, model.subgraph(), model.buffers());

    TfliteFormatException e = assertThrows(TfliteFormatException.class,
        () -> TfliteImporter.importModel(withMaxPool));
    assertTrue(e.getMessage().startsWith("unsupported operator MAX_POOL_2D (operator 27)"), e.getMessage());
  }

  @Test
  void unknownOperatorCodesAreReportedByNumber() {
    ModelBuilder m = new ModelBuilder(200);
    int input = m.tensor(new int[] {1, 4, 4, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    int output = m.tensor(new int[] {1, 4, 4, 3}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(new BuiltinOptions.None(), new int[] {input}, output);
    TfliteModel model = m.build();
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteImporter.importModel(model));
    assertTrue(e.getMessage().startsWith("unsupported operator builtin operator 200 (operator 0)"), e.getMessage());
  }

  @Test
  void outputShapeThatDisagreesWithThePaddingIsReported() {
    ModelBuilder m = new ModelBuilder(BuiltinOperator.CONV_2D);
    int input = m.tensor(new int[] {1, 7, 7, 1}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    int filter = m.tensor(new int[] {1, 3, 3, 1}, TensorType.FLOAT32, floats(randoms(9)), Quantization.NONE);
    // VALID padding gives 3x3, not the declared 4x4 (which SAME would give).
    int output = m.tensor(new int[] {1, 4, 4, 1}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(new BuiltinOptions.Conv2D(Padding.VALID, 2, 2, Activation.NONE, 1, 1), new int[] {input, filter, -1},
        output);
    TfliteModel model = m.build();
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteImporter.importModel(model));
    assertEquals("operator 0 (CONV_2D): output shape [1, 4, 4, 1] differs from [1, 3, 3, 1] computed for input"
        + " [1, 7, 7, 1] with VALID padding", e.getMessage());
  }

  @Test
  void weightBufferOfTheWrongSizeIsReported() {
    ModelBuilder m = new ModelBuilder(BuiltinOperator.CONV_2D);
    int input = m.tensor(new int[] {1, 4, 4, 1}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    int filter = m.tensor(new int[] {1, 3, 3, 1}, TensorType.FLOAT32, new byte[20], Quantization.NONE);
    int output = m.tensor(new int[] {1, 4, 4, 1}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    m.op(new BuiltinOptions.Conv2D(Padding.SAME, 1, 1, Activation.NONE, 1, 1), new int[] {input, filter, -1},
        output);
    TfliteModel model = m.build();
    TfliteFormatException e = assertThrows(TfliteFormatException.class, () -> TfliteImporter.importModel(model));
    assertTrue(e.getMessage().contains("buffer holds 20 bytes, but shape [1, 3, 3, 1] of FLOAT32 needs 36"),
        e.getMessage());
  }

  private void checkAgainstReference(int opcode, BuiltinOptions options, int batch, int h, int w, int c,
                                     int[] filterShape, int outChannels) throws Exception {
    ModelBuilder m = new ModelBuilder(opcode);
    int input = m.tensor(new int[] {batch, h, w, c}, TensorType.FLOAT32, new byte[0], Quantization.NONE);
    float[] x = randoms(batch * h * w * c);
    float[] expected;
    int[] inputs;
    String what = BuiltinOperator.name(opcode) + " " + options + " on " + h + "x" + w + "x" + c;
    if (options instanceof BuiltinOptions.Pool2D p) {
      inputs = new int[] {input};
      expected = Reference.averagePool(x, batch, h, w, c, p.filterHeight(), p.filterWidth(), p.strideH(),
          p.strideW(), p.padding() == Padding.SAME, p.activation());
    } else {
      float[] filter = randoms(filterShape[0] * filterShape[1] * filterShape[2] * filterShape[3]);
      float[] bias = randoms(outChannels);
      int f = m.tensor(filterShape, TensorType.FLOAT32, floats(filter), Quantization.NONE);
      int b = m.tensor(new int[] {outChannels}, TensorType.FLOAT32, floats(bias), Quantization.NONE);
      inputs = new int[] {input, f, b};
      if (options instanceof BuiltinOptions.Conv2D o) {
        expected = Reference.conv2d(x, batch, h, w, c, filter, outChannels, filterShape[1], filterShape[2],
            bias, o.strideH(), o.dilationH(), o.padding() == Padding.SAME, false, 1, o.activation());
      } else {
        BuiltinOptions.DepthwiseConv2D o = (BuiltinOptions.DepthwiseConv2D) options;
        expected = Reference.conv2d(x, batch, h, w, c, filter, outChannels, filterShape[1], filterShape[2],
            bias, o.strideH(), o.dilationH(), o.padding() == Padding.SAME, true, o.depthMultiplier(),
            o.activation());
      }
    }
    int[] window = window(options, filterShape);
    boolean same = window[4] == 1;
    int output = m.tensor(new int[] {batch, Reference.outSize(h, window[0], window[2], window[3], same),
        Reference.outSize(w, window[1], window[2], window[3], same), outChannels}, TensorType.FLOAT32,
        new byte[0], Quantization.NONE);
    m.op(options, inputs, output);
    float[] actual = run(m.build(), x, batch, h, w, c);
    assertClose(expected, actual, what);
  }

  /** Kernel height and width, stride, dilation, and 1 for SAME padding. */
  private static int[] window(BuiltinOptions options, int[] filterShape) {
    if (options instanceof BuiltinOptions.Conv2D o) {
      return new int[] {filterShape[1], filterShape[2], o.strideH(), o.dilationH(), same(o.padding())};
    }
    if (options instanceof BuiltinOptions.DepthwiseConv2D o) {
      return new int[] {filterShape[1], filterShape[2], o.strideH(), o.dilationH(), same(o.padding())};
    }
    BuiltinOptions.Pool2D o = (BuiltinOptions.Pool2D) options;
    return new int[] {o.filterHeight(), o.filterWidth(), o.strideH(), 1, same(o.padding())};
  }

  private static int same(Padding padding) {
    return padding == Padding.SAME ? 1 : 0;
  }

  /** Runs an imported single-input graph on NHWC data and returns its output as NHWC. */
  private static float[] run(TfliteModel model, float[] nhwc, int batch, int h, int w, int c) throws Exception {
    ImportedGraph graph = TfliteImporter.importModel(model);
    INDArray out = graph.graph().outputSingle(nchw(nhwc, batch, h, w, c));
    return Nd4j.toFlattened('c', out.permute(0, 2, 3, 1)).toFloatVector();
  }

  private static INDArray nchw(float[] nhwc, int batch, int h, int w, int c) {
    return Nd4j.create(nhwc, new long[] {batch, h, w, c}, 'c').permute(0, 3, 1, 2).dup('c');
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": size");
    for (int i = 0; i < expected.length; i++) {
      float tolerance = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      if (Math.abs(expected[i] - actual[i]) > tolerance) {
        throw new AssertionError(what + ": value " + i + " is " + actual[i] + ", TFLite gives " + expected[i]);
      }
    }
  }

  private float[] randoms(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static byte[] floats(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** Assembles a TfliteModel in memory: tensor 0 is the input, the last op's output is the model's output. */
  private static final class ModelBuilder {
    private final List<OperatorCode> codes = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<byte[]> buffers = new ArrayList<>(List.of(new byte[0]));
    private final List<Operator> ops = new ArrayList<>();
    private int output;

    ModelBuilder(int... opcodes) {
      for (int code : opcodes) {
        codes.add(new OperatorCode(code, null, 1));
      }
    }

    int tensor(int[] shape, TensorType type, byte[] data, Quantization q) {
      int buffer = 0;
      if (data.length > 0) {
        buffers.add(data);
        buffer = buffers.size() - 1;
      }
      tensors.add(new Tensor(tensors.size(), "t" + tensors.size(), shape, type, buffer, q));
      return tensors.size() - 1;
    }

    void op(BuiltinOptions options, int[] inputs, int out) {
      op(0, options, inputs, out);
    }

    void op(int opcodeIndex, BuiltinOptions options, int[] inputs, int out) {
      ops.add(new Operator(ops.size(), opcodeIndex, inputs, new int[] {out}, options));
      output = out;
    }

    TfliteModel build() {
      return new TfliteModel(3, codes,
          new SubGraph("main", tensors, new int[] {0}, new int[] {output}, ops), buffers);
    }
  }

  /** TFLite's reference kernels, float, NHWC. */
  private static final class Reference {
    static int outSize(int in, int kernel, int stride, int dilation, boolean same) {
      int effective = (kernel - 1) * dilation + 1;
      return same ? (in + stride - 1) / stride : (in + stride - effective) / stride;
    }

    static int padBefore(int in, int out, int kernel, int stride, int dilation) {
      int effective = (kernel - 1) * dilation + 1;
      return Math.max(0, (out - 1) * stride + effective - in) / 2;
    }

    static float[] conv2d(float[] x, int n, int h, int w, int c, float[] filter, int out, int kh, int kw,
                          float[] bias, int stride, int dilation, boolean same, boolean depthwise,
                          int multiplier, Activation activation) {
      int oh = outSize(h, kh, stride, dilation, same);
      int ow = outSize(w, kw, stride, dilation, same);
      int padTop = same ? padBefore(h, oh, kh, stride, dilation) : 0;
      int padLeft = same ? padBefore(w, ow, kw, stride, dilation) : 0;
      float[] y = new float[n * oh * ow * out];
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int oc = 0; oc < out; oc++) {
              double sum = bias[oc];
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = oy * stride - padTop + ky * dilation;
                  int ix = ox * stride - padLeft + kx * dilation;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                    continue;
                  }
                  if (depthwise) {
                    int ic = oc / multiplier;
                    sum += x[((b * h + iy) * w + ix) * c + ic] * filter[(ky * kw + kx) * out + oc];
                  } else {
                    for (int ic = 0; ic < c; ic++) {
                      sum += x[((b * h + iy) * w + ix) * c + ic]
                          * filter[((oc * kh + ky) * kw + kx) * c + ic];
                    }
                  }
                }
              }
              y[((b * oh + oy) * ow + ox) * out + oc] = activate((float) sum, activation);
            }
          }
        }
      }
      return y;
    }

    static float[] averagePool(float[] x, int n, int h, int w, int c, int kh, int kw, int sh, int sw,
                               boolean same, Activation activation) {
      int oh = outSize(h, kh, sh, 1, same);
      int ow = outSize(w, kw, sw, 1, same);
      int padTop = same ? padBefore(h, oh, kh, sh, 1) : 0;
      int padLeft = same ? padBefore(w, ow, kw, sw, 1) : 0;
      float[] y = new float[n * oh * ow * c];
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int ch = 0; ch < c; ch++) {
              double sum = 0;
              int count = 0;
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = oy * sh - padTop + ky;
                  int ix = ox * sw - padLeft + kx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                    sum += x[((b * h + iy) * w + ix) * c + ch];
                    count++;
                  }
                }
              }
              y[((b * oh + oy) * ow + ox) * c + ch] = activate((float) (sum / count), activation);
            }
          }
        }
      }
      return y;
    }

    private static float activate(float v, Activation activation) {
      return switch (activation) {
        case NONE -> v;
        case RELU -> Math.max(0, v);
        case RELU6 -> Math.min(6, Math.max(0, v));
        default -> throw new IllegalArgumentException(activation.name());
      };
    }
  }
}
