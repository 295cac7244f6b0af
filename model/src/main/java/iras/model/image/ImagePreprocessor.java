package iras.model.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * Turns encoded image bytes into a model's input ({@link ModelInput}): centre crop to the model's aspect ratio,
 * resize with a bilinear filter that averages when shrinking a lot, then the model's colours, value mapping and
 * layout. Alpha is ignored.
 */
public final class ImagePreprocessor {
  /** Luma weights of R, G and B (ITU-R BT.601). */
  private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

  private final ModelInput input;
  private final int width;
  private final int height;

  public ImagePreprocessor(ModelInput input) {
    this.input = input;
    this.width = input.width();
    this.height = input.height();
  }

  /** Values per image. */
  public int size() {
    return input.size();
  }

  /** Writes the image into {@code out[offset .. offset + size())} in the model's layout. */
  public void preprocess(byte[] encoded, float[] out, int offset) throws UndecodableImageException {
    float[] rgb = resize(decodeCentre(encoded), width, height);
    int plane = width * height;
    int channels = input.channels();
    float scale = input.scale();
    float[] zero = input.zero();
    boolean planar = input.layout() == ModelInput.Layout.NCHW;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        float p = switch (input.colours()) {
          case RGB -> rgb[3 * i + c];
          case BGR -> rgb[3 * i + 2 - c];
          case GREY -> LUMA[0] * rgb[3 * i] + LUMA[1] * rgb[3 * i + 1] + LUMA[2] * rgb[3 * i + 2];
        };
        out[offset + (planar ? c * plane + i : channels * i + c)] = scale * (p - zero[c]);
      }
    }
  }

  /** Decodes only the centre crop (subsampled when huge). */
  private BufferedImage decodeCentre(byte[] encoded) throws UndecodableImageException {
    return ImageDecoder.decode(encoded, this::centreCrop).image();
  }

  /** The largest centred rectangle with the model input's aspect ratio. */
  private Rectangle centreCrop(int w, int h) {
    int cw = w;
    int ch = (int) Math.max(1, Math.round((double) w * height / width));
    if (ch > h) {
      ch = h;
      cw = (int) Math.max(1, Math.min(w, Math.round((double) h * width / height)));
    }
    return new Rectangle((w - cw) / 2, (h - ch) / 2, cw, ch);
  }

  /**
   * Separable resize to interleaved RGB floats with a triangle filter. Shrinking by more than 2x widens the
   * filter to half the scale factor: like averaging down to twice the target size and then interpolating,
   * which keeps the sharpness of the bilinear resizing these models were trained with while not aliasing.
   */
  private static float[] resize(BufferedImage image, int outW, int outH) {
    int w = image.getWidth();
    int h = image.getHeight();
    Filter fx = new Filter(w, outW);
    Filter fy = new Filter(h, outH);
    float[] rows = new float[3 * outW * h];
    int[] line = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, line, 0, w);
      for (int x = 0; x < outW; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < fx.weights[x].length; k++) {
          int argb = line[fx.first[x] + k];
          float wk = fx.weights[x][k];
          r += wk * ((argb >> 16) & 0xff);
          g += wk * ((argb >> 8) & 0xff);
          b += wk * (argb & 0xff);
        }
        int dst = 3 * (y * outW + x);
        rows[dst] = r;
        rows[dst + 1] = g;
        rows[dst + 2] = b;
      }
    }
    float[] out = new float[3 * outW * outH];
    for (int y = 0; y < outH; y++) {
      for (int k = 0; k < fy.weights[y].length; k++) {
        int srcRow = 3 * (fy.first[y] + k) * outW;
        float wk = fy.weights[y][k];
        int dstRow = 3 * y * outW;
        for (int i = 0; i < 3 * outW; i++) {
          out[dstRow + i] += wk * rows[srcRow + i];
        }
      }
    }
    return out;
  }

  /** For each output position: the first source index it reads and the normalised weights from there on. */
  private static final class Filter {
    final int[] first;
    final float[][] weights;

    Filter(int in, int out) {
      double ratio = (double) in / out;
      double support = Math.max(ratio / 2, 1.0);
      first = new int[out];
      weights = new float[out][];
      for (int i = 0; i < out; i++) {
        double centre = (i + 0.5) * ratio;
        int lo = Math.max(0, (int) Math.floor(centre - support));
        int hi = Math.min(in, (int) Math.ceil(centre + support));
        double[] raw = new double[hi - lo];
        double sum = 0;
        for (int j = lo; j < hi; j++) {
          raw[j - lo] = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
          sum += raw[j - lo];
        }
        first[i] = lo;
        weights[i] = new float[raw.length];
        for (int j = 0; j < raw.length; j++) {
          weights[i][j] = (float) (raw[j] / sum);
        }
      }
    }
  }
}
