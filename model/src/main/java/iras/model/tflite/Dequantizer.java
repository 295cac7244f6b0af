package iras.model.tflite;

import iras.model.tflite.TfliteModel.Quantization;
import iras.model.tflite.TfliteModel.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Turns a constant tensor's buffer into real values: real = scale * (q - zero_point), per tensor or channel. */
final class Dequantizer {
  private Dequantizer() {}

  static float[] toFloats(Tensor t, byte[] data) throws TfliteFormatException {
    long count = elementCount(t);
    if (t.type().bytes() == 0 || count * t.type().bytes() != data.length) {
      throw new TfliteFormatException("tensor " + t.index() + " \"" + t.name() + "\": buffer holds "
          + data.length + " bytes, but shape " + Arrays.toString(t.shape()) + " of " + t.type()
          + " needs " + count * t.type().bytes());
    }
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[(int) count];
    if (t.type() == TfliteModel.TensorType.FLOAT32) {
      buf.asFloatBuffer().get(out);
      return out;
    }
    Quantization q = t.quantization();
    if (!q.isQuantized()) {
      throw new TfliteFormatException("tensor " + t.index() + " \"" + t.name() + "\" of type " + t.type()
          + " has no quantization parameters");
    }
    // Per-channel parameters repeat every `inner` elements along the quantized dimension.
    int inner = 1;
    for (int d = q.dimension() + 1; d < t.shape().length; d++) {
      inner *= t.shape()[d];
    }
    int channels = q.scale().length;
    for (int i = 0; i < out.length; i++) {
      int c = channels == 1 ? 0 : (i / inner) % channels;
      long raw = switch (t.type()) {
        case UINT8 -> Byte.toUnsignedInt(data[i]);
        case INT8 -> data[i];
        case INT16 -> buf.getShort(2 * i);
        case INT32 -> buf.getInt(4 * i);
        default -> throw new TfliteFormatException("tensor " + t.index() + " \"" + t.name()
            + "\": constant of type " + t.type() + " is not supported");
      };
      out[i] = (float) (q.scale()[c] * (double) (raw - q.zeroPoint()[c]));
    }
    return out;
  }

  /** Element count, refusing shapes too large for one Java array rather than overflowing. */
  static long elementCount(Tensor t) throws TfliteFormatException {
    long n = 1;
    for (int d : t.shape()) {
      n *= d;
      if (n > Integer.MAX_VALUE / 8) {
        throw new TfliteFormatException("tensor " + t.index() + " \"" + t.name() + "\": shape "
            + Arrays.toString(t.shape()) + " is too large");
      }
    }
    return n;
  }
}
