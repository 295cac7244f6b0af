package iras.model.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns encoded image bytes into a model's input ({@link ModelInput}): centre crop to the model's aspect ratio,
 * resize with a bilinear filter that averages when shrinking a lot, then the model's colours, value mapping and
 * layout. Alpha is ignored.
 */
public final class ImagePreprocessor {
  /**
   * Crops larger than this are decoded subsampled (every k-th pixel), which bounds memory and time for
   * absurdly large images; below it every pixel is decoded, as subsampling aliases fine textures.
   */
  private static final long MAX_DECODED_PIXELS = 25_000_000;

  /** Luma weights of R, G and B (ITU-R BT.601). */
  private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

  static {
    // The images are already in memory. ImageIO's default disk cache registers each temp file for deletion at exit,
    // which throws once the JVM is shutting down: a draining worker then failed the batch it was finishing.
    ImageIO.setUseCache(false);
  }

  /** Who decodes JPEGs. */
  public enum JpegDecoding {
    /** libjpeg, scaled down inside the DCT where the picture is large: the default. */
    SCALED,
    /** ImageIO at full size: the baseline it is measured against. */
    IMAGE_IO
  }

  private final ModelInput input;
  private final int width;
  private final int height;
  private final JpegDecoding jpegs;

  public ImagePreprocessor(ModelInput input) {
    this(input, JpegDecoding.SCALED);
  }

  public ImagePreprocessor(ModelInput input, JpegDecoding jpegs) {
    this.input = input;
    this.width = input.width();
    this.height = input.height();
    this.jpegs = jpegs;
  }

  /** Values per image. */
  public int size() {
    return input.size();
  }

  /** Writes the image into {@code out[offset .. offset + size())} in the model's layout. */
  public void preprocess(byte[] encoded, float[] out, int offset) throws UndecodableImageException {
    float[] rgb = pixels(encoded);
    int plane = width * height;
    int channels = input.channels();
    float scale = input.scale();
    float[] zero = input.zero();
    boolean planar = input.layout() == ModelInput.Layout.NCHW;
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        // Whole 0..255 values, as an 8-bit resize or grey conversion gives, and as a quantized model is fed.
        float p = Math.round(switch (input.colours()) {
          case RGB -> rgb[3 * i + c];
          case BGR -> rgb[3 * i + 2 - c];
          case GREY -> LUMA[0] * rgb[3 * i] + LUMA[1] * rgb[3 * i + 1] + LUMA[2] * rgb[3 * i + 2];
        });
        out[offset + (planar ? c * plane + i : channels * i + c)] = scale * (p - zero[c]);
      }
    }
  }

  /**
   * Writes the image's pixels, rounded to 0..255 and less {@code shift}, into {@code out[offset .. offset + size())}
   * interleaved: the input of a quantized model whose integers are the pixels themselves (uint8: shift 0; int8:
   * shift 128), which then needs no dequantizing.
   */
  public void preprocessQuantized(byte[] encoded, byte[] out, int offset, int shift)
      throws UndecodableImageException {
    if (input.colours() != ModelInput.Colours.RGB || input.layout() != ModelInput.Layout.NHWC) {
      throw new IllegalStateException("quantized input is interleaved RGB, not " + input);
    }
    float[] rgb = pixels(encoded);
    for (int i = 0; i < rgb.length; i++) {
      out[offset + i] = (byte) (Math.round(rgb[i]) - shift);
    }
  }

  /** The centre crop at the model's size, interleaved RGB, 0..255. */
  private float[] pixels(byte[] encoded) throws UndecodableImageException {
    return resize(decodeCentre(encoded), width, height);
  }

  private Pixels decodeCentre(byte[] encoded) throws UndecodableImageException {
    Pixels scaled = jpegs == JpegDecoding.SCALED
        ? ScaledJpegDecoder.decodeCentre(encoded, this::centreCrop, width, height) : null;
    return scaled != null ? scaled : decodeCentreWithImageIo(encoded);
  }

  /** Decodes only the centre crop (subsampled beyond {@link #MAX_DECODED_PIXELS}). */
  private Pixels decodeCentreWithImageIo(byte[] encoded) throws UndecodableImageException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UndecodableImageException("not an image in a supported format (JPEG, PNG, BMP, GIF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        if (reader.getWidth(0) < 1 || reader.getHeight(0) < 1) {
          throw new UndecodableImageException("image has no pixels (" + reader.getWidth(0) + "x"
              + reader.getHeight(0) + ")");
        }
        Rectangle crop = centreCrop(reader.getWidth(0), reader.getHeight(0));
        int step = (int) Math.ceil(Math.sqrt((double) crop.width * crop.height / MAX_DECODED_PIXELS));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(crop);
        param.setSourceSubsampling(step, step, 0, 0);
        return pixels(reader.read(0, param));
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UndecodableImageException("cannot decode image: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // ImageIO's decoders signal some corrupt inputs with unchecked exceptions (e.g. index errors in the
      // GIF and BMP readers); for the caller it is the same: this image cannot be read.
      throw new UndecodableImageException("cannot decode image: " + e, e);
    }
  }

  private static Pixels pixels(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] rgb;
    if (image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY) {
      // getRGB treats grey as linear light and brightens it (100 becomes 168); the samples are the grey levels.
      int shift = image.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
      rgb = image.getRaster().getPixels(0, 0, w, h, (int[]) null);
      for (int i = 0; i < rgb.length; i++) {
        int v = rgb[i] >> shift;
        rgb[i] = v << 16 | v << 8 | v;
      }
    } else {
      rgb = image.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < rgb.length; i++) {
        rgb[i] &= 0xffffff;
      }
    }
    return new Pixels(rgb, w, h);
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
  private static float[] resize(Pixels image, int outW, int outH) {
    int w = image.width();
    int h = image.height();
    int[] pixels = image.rgb();
    Filter fx = new Filter(w, outW);
    Filter fy = new Filter(h, outH);
    float[] rows = new float[3 * outW * h];
    for (int y = 0; y < h; y++) {
      int line = y * w;
      for (int x = 0; x < outW; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < fx.weights[x].length; k++) {
          int argb = pixels[line + fx.first[x] + k];
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
