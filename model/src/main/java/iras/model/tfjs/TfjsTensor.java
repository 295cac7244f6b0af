package iras.model.tfjs;

import java.util.Arrays;

/** One named weight tensor, dequantized to float32, values in row-major order of {@code shape}. */
public record TfjsTensor(String name, int[] shape, float[] values) {

  public TfjsTensor {
    if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != values.length) {
      throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " does not hold "
          + values.length + " values");
    }
  }

  public int dim(int i) {
    return shape[i];
  }
}
