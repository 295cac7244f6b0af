package iras.model.tflite;

import iras.model.tflite.BuiltinOptions.Activation;
import iras.model.tflite.BuiltinOptions.Padding;
import iras.model.tflite.TfliteModel.Operator;
import iras.model.tflite.TfliteModel.OperatorCode;
import iras.model.tflite.TfliteModel.Quantization;
import iras.model.tflite.TfliteModel.SubGraph;
import iras.model.tflite.TfliteModel.Tensor;
import iras.model.tflite.TfliteModel.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a TFLite model (a FlatBuffer with identifier "TFL3", schema tensorflow/lite/schema/schema.fbs) by hand,
 * field ids taken from the schema. Only what an importer needs is read; every index is validated here so that
 * the importer can trust the structure.
 */
public final class TfliteReader {
  private static final String IDENTIFIER = "TFL3";
  /** Larger files would need the schema's 64-bit buffer offsets, which no model we use has. */
  private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

  private TfliteReader() {}

  public static TfliteModel read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new TfliteFormatException(file + ": " + size + " bytes is too large for a TFLite model");
    }
    try {
      return read(Files.readAllBytes(file));
    } catch (TfliteFormatException e) {
      throw new TfliteFormatException(file.getFileName() + ": " + e.getMessage());
    }
  }

  public static TfliteModel read(byte[] bytes) throws TfliteFormatException {
    if (bytes.length < 8) {
      throw new TfliteFormatException("not a TFLite model: " + bytes.length
          + " bytes is too short for a FlatBuffer header");
    }
    FlatBuffer fb = new FlatBuffer(bytes);
    String identifier = fb.identifier();
    if (!IDENTIFIER.equals(identifier)) {
      throw new TfliteFormatException("not a TFLite model: file identifier is \"" + identifier
          + "\", expected \"" + IDENTIFIER + "\"");
    }
    FlatBuffer.Table model = fb.root("model");
    int version = (int) model.uint32(0, "version", 0);
    List<OperatorCode> codes = new ArrayList<>();
    for (FlatBuffer.Table code : model.tables(1, "operator_codes")) {
      codes.add(operatorCode(code));
    }
    List<FlatBuffer.Table> subgraphs = model.tables(2, "subgraphs");
    if (subgraphs.isEmpty()) {
      throw new TfliteFormatException("model has no subgraph");
    }
    List<byte[]> buffers = new ArrayList<>();
    for (FlatBuffer.Table buffer : model.tables(4, "buffers")) {
      byte[] data = buffer.bytes(0, "data");
      if (data == null && buffer.int64(1, "offset", 0) != 0) {
        throw new TfliteFormatException(buffer.what()
            + ": data stored outside the FlatBuffer (models over 2 GB) is not supported");
      }
      buffers.add(data == null ? new byte[0] : data);
    }
    SubGraph subgraph = subGraph(subgraphs.get(0), codes.size(), buffers.size());
    return new TfliteModel(version, List.copyOf(codes), subgraph, List.copyOf(buffers));
  }

  private static OperatorCode operatorCode(FlatBuffer.Table t) throws TfliteFormatException {
    // Files from before TF 2.3 only have the int8 field; newer ones write both, and the larger one is right
    // (the int8 field saturates at 127, "PLACEHOLDER_FOR_GREATER_OP_CODES").
    int deprecated = t.int8(0, "deprecated_builtin_code", (byte) 0);
    int builtin = t.int32(3, "builtin_code", 0);
    return new OperatorCode(Math.max(deprecated, builtin), t.string(1, "custom_code"),
        t.int32(2, "version", 1));
  }

  private static SubGraph subGraph(FlatBuffer.Table t, int codeCount, int bufferCount)
      throws TfliteFormatException {
    List<Tensor> tensors = new ArrayList<>();
    List<FlatBuffer.Table> tensorTables = t.tables(0, "tensors");
    for (int i = 0; i < tensorTables.size(); i++) {
      tensors.add(tensor(i, tensorTables.get(i), bufferCount));
    }
    int[] inputs = tensorIndices(t, 1, "inputs", tensors.size(), false);
    int[] outputs = tensorIndices(t, 2, "outputs", tensors.size(), false);
    List<Operator> operators = new ArrayList<>();
    List<FlatBuffer.Table> operatorTables = t.tables(3, "operators");
    for (int i = 0; i < operatorTables.size(); i++) {
      FlatBuffer.Table op = operatorTables.get(i);
      long opcode = op.uint32(0, "opcode_index", 0);
      if (opcode >= codeCount) {
        throw new TfliteFormatException(op.what() + ": opcode_index " + opcode + " is out of range ("
            + codeCount + " operator codes)");
      }
      operators.add(new Operator(i, (int) opcode,
          tensorIndices(op, 1, "inputs", tensors.size(), true),
          tensorIndices(op, 2, "outputs", tensors.size(), false),
          options(op)));
    }
    return new SubGraph(t.string(4, "name"), List.copyOf(tensors), inputs, outputs, List.copyOf(operators));
  }

  private static int[] tensorIndices(FlatBuffer.Table t, int id, String name, int tensorCount, boolean optional)
      throws TfliteFormatException {
    int[] indices = t.int32s(id, name);
    if (indices == null) {
      return new int[0];
    }
    for (int index : indices) {
      if (index >= tensorCount || index < (optional ? -1 : 0)) {
        throw new TfliteFormatException(t.what() + "." + name + ": tensor index " + index
            + " is out of range (" + tensorCount + " tensors)");
      }
    }
    return indices;
  }

  private static Tensor tensor(int index, FlatBuffer.Table t, int bufferCount) throws TfliteFormatException {
    int[] shape = t.int32s(0, "shape");
    if (shape == null) {
      shape = new int[0];
    }
    for (int d : shape) {
      if (d < 0) {
        throw new TfliteFormatException(t.what() + ".shape: negative dimension " + d);
      }
    }
    TensorType type = TensorType.of(t.int8(1, "type", (byte) 0), t.what());
    long buffer = t.uint32(2, "buffer", 0);
    if (buffer >= bufferCount && !(buffer == 0 && bufferCount == 0)) {
      throw new TfliteFormatException(t.what() + ": buffer index " + buffer + " is out of range ("
          + bufferCount + " buffers)");
    }
    String name = t.string(3, "name");
    FlatBuffer.Table q = t.table(4, "quantization");
    return new Tensor(index, name == null ? "tensor" + index : name, shape, type, (int) buffer,
        q == null ? Quantization.NONE : quantization(q, shape));
  }

  private static Quantization quantization(FlatBuffer.Table q, int[] shape) throws TfliteFormatException {
    float[] scale = q.float32s(2, "scale");
    long[] zeroPoint = q.int64s(3, "zero_point");
    int dimension = q.int32(6, "quantized_dimension", 0);
    if (scale == null || scale.length == 0) {
      return Quantization.NONE;
    }
    if (zeroPoint == null || zeroPoint.length == 0) {
      zeroPoint = new long[scale.length];
    }
    if (zeroPoint.length != scale.length) {
      throw new TfliteFormatException(q.what() + ": " + scale.length + " scales but " + zeroPoint.length
          + " zero points");
    }
    if (scale.length > 1 && (dimension < 0 || dimension >= shape.length || shape[dimension] != scale.length)) {
      throw new TfliteFormatException(q.what() + ": " + scale.length + " scales do not match dimension "
          + dimension + " of shape " + Arrays.toString(shape));
    }
    return new Quantization(scale, zeroPoint, dimension);
  }

  /** Builtin options, by the union's type index (the position of the options table in union BuiltinOptions). */
  private static BuiltinOptions options(FlatBuffer.Table op) throws TfliteFormatException {
    int type = op.uint8(3, "builtin_options_type", 0);
    FlatBuffer.Table o = op.table(4, "builtin_options");
    if (type == 0 || o == null) {
      return new BuiltinOptions.None();
    }
    return switch (type) {
      case 1 -> new BuiltinOptions.Conv2D(padding(o, 0), o.int32(1, "stride_w", 0), o.int32(2, "stride_h", 0),
          activation(o, 3), o.int32(4, "dilation_w_factor", 1), o.int32(5, "dilation_h_factor", 1));
      case 2 -> new BuiltinOptions.DepthwiseConv2D(padding(o, 0), o.int32(1, "stride_w", 0),
          o.int32(2, "stride_h", 0), o.int32(3, "depth_multiplier", 0), activation(o, 4),
          o.int32(5, "dilation_w_factor", 1), o.int32(6, "dilation_h_factor", 1));
      case 5 -> new BuiltinOptions.Pool2D(padding(o, 0), o.int32(1, "stride_w", 0), o.int32(2, "stride_h", 0),
          o.int32(3, "filter_width", 0), o.int32(4, "filter_height", 0), activation(o, 5));
      case 9 -> new BuiltinOptions.Softmax(o.float32(0, "beta", 0f));
      case 11 -> new BuiltinOptions.Add(activation(o, 0));
      case 17 -> new BuiltinOptions.Reshape(o.int32s(0, "new_shape"));
      default -> new BuiltinOptions.Other(type);
    };
  }

  private static Padding padding(FlatBuffer.Table o, int id) throws TfliteFormatException {
    int code = o.int8(id, "padding", (byte) 0);
    if (code < 0 || code >= Padding.values().length) {
      throw new TfliteFormatException(o.what() + ".padding: unknown padding " + code);
    }
    return Padding.values()[code];
  }

  private static Activation activation(FlatBuffer.Table o, int id) throws TfliteFormatException {
    int code = o.int8(id, "fused_activation_function", (byte) 0);
    if (code < 0 || code >= Activation.values().length) {
      throw new TfliteFormatException(o.what() + ".fused_activation_function: unknown activation " + code);
    }
    return Activation.values()[code];
  }
}
