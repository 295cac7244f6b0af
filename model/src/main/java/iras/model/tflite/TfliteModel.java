package iras.model.tflite;

import java.util.List;

/**
 * The parts of a TFLite model an importer needs: operator codes, the main subgraph (subgraph 0) and the buffers.
 * Arrays are the reader's own copies; treat them as read-only.
 */
public record TfliteModel(int version, List<OperatorCode> operatorCodes, SubGraph subgraph, List<byte[]> buffers) {

  /** {@code builtinCode} is already resolved from the deprecated int8 field of files written before 2.3. */
  public record OperatorCode(int builtinCode, String customCode, int version) {
    public String name() {
      return BuiltinOperator.name(builtinCode);
    }
  }

  public record SubGraph(String name, List<Tensor> tensors, int[] inputs, int[] outputs, List<Operator> operators) {}

  public record Tensor(int index, String name, int[] shape, TensorType type, int buffer, Quantization quantization) {}

  /** {@code scale} and {@code zeroPoint} have one entry per tensor, or one per slice along {@code dimension}. */
  public record Quantization(float[] scale, long[] zeroPoint, int dimension) {
    public static final Quantization NONE = new Quantization(new float[0], new long[0], 0);

    public boolean isQuantized() {
      return scale.length > 0;
    }
  }

  /** {@code inputs} may hold -1 for an omitted optional input. */
  public record Operator(int index, int opcodeIndex, int[] inputs, int[] outputs, BuiltinOptions options) {}

  public enum TensorType {
    FLOAT32(0, 4), FLOAT16(1, 2), INT32(2, 4), UINT8(3, 1), INT64(4, 8), STRING(5, 0), BOOL(6, 1),
    INT16(7, 2), COMPLEX64(8, 8), INT8(9, 1), FLOAT64(10, 8);

    private final int code;
    private final int bytes;

    TensorType(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    public int bytes() {
      return bytes;
    }

    static TensorType of(int code, String where) throws TfliteFormatException {
      for (TensorType t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new TfliteFormatException(where + ": unknown tensor type " + code);
    }
  }
}
