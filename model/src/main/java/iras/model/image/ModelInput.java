package iras.model.image;

import java.util.Arrays;

/**
 * What a model takes as input: its size, colours and memory layout, and how a 0..255 pixel value p becomes the
 * model's value, {@code scale * (p - zero[channel])}.
 *
 * @param zero one value per channel of the model's input, in the model's channel order
 */
public record ModelInput(int height, int width, Colours colours, Layout layout, float scale, float[] zero) {

  /** Channel order of the input. */
  public enum Colours {
    RGB(3), BGR(3),
    /** One channel, the luma of the image (ITU-R BT.601 weights, as OpenCV's grey conversion). */
    GREY(1);

    private final int channels;

    Colours(int channels) {
      this.channels = channels;
    }

    public int channels() {
      return channels;
    }
  }

  /** Planar (channels first, DL4J's usual) or interleaved (channels last, as Keras models keep it). */
  public enum Layout { NCHW, NHWC }

  public ModelInput {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("model input size must be positive: " + width + "x" + height);
    }
    if (zero.length != colours.channels()) {
      throw new IllegalArgumentException(colours + " input needs " + colours.channels() + " zero values, got "
          + zero.length);
    }
    zero = zero.clone();
  }

  /** The same {@code zero} for every channel. */
  public static ModelInput of(int height, int width, Colours colours, Layout layout, float scale, float zero) {
    float[] zeros = new float[colours.channels()];
    Arrays.fill(zeros, zero);
    return new ModelInput(height, width, colours, layout, scale, zeros);
  }

  public int channels() {
    return colours.channels();
  }

  /** Values per image. */
  public int size() {
    return channels() * height * width;
  }

  /** The input array's shape for {@code batch} images. */
  public long[] shape(int batch) {
    return layout == Layout.NCHW
        ? new long[] {batch, channels(), height, width}
        : new long[] {batch, height, width, channels()};
  }

  @Override
  public float[] zero() {
    return zero.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelInput m && height == m.height && width == m.width && colours == m.colours
        && layout == m.layout && scale == m.scale && Arrays.equals(zero, m.zero);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(height, width, colours, layout, scale) + Arrays.hashCode(zero);
  }

  @Override
  public String toString() {
    return height + "x" + width + " " + colours + " " + layout + ", scale " + scale + ", zero "
        + Arrays.toString(zero);
  }
}
