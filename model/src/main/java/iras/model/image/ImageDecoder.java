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

/** Decodes a region of an encoded image (JPEG, PNG, BMP, GIF), subsampled when it is absurdly large. */
public final class ImageDecoder {
  /**
   * Regions larger than this are decoded subsampled (every k-th pixel), which bounds memory and time for
   * absurdly large images; below it every pixel is decoded, as subsampling aliases fine textures.
   */
  private static final long MAX_DECODED_PIXELS = 25_000_000;
  /**
   * An image declaring more pixels than this is refused before any is read: even subsampled, every row is
   * inflated, and a 30000x30000 PNG of a megabyte held a worker for seconds (the web tier refuses far fewer).
   */
  static final long MAX_DECLARED_PIXELS = 100_000_000;

  static {
    // The images are already in memory. ImageIO's default disk cache registers each temp file for deletion at exit,
    // which throws once the JVM is shutting down: a draining worker then failed the batch it was finishing.
    ImageIO.setUseCache(false);
  }

  private ImageDecoder() {}

  /** Which part of an image of the given size to decode. */
  @FunctionalInterface
  public interface Region {
    Rectangle of(int width, int height) throws UndecodableImageException;
  }

  /** A decoded region, and how many source pixels each decoded pixel steps over (1 unless subsampled). */
  public record Decoded(BufferedImage image, Rectangle region, int step) {}

  public static Decoded decode(byte[] encoded, Region region) throws UndecodableImageException {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UndecodableImageException("not an image in a supported format (JPEG, PNG, BMP, GIF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
          throw new UndecodableImageException("image has no pixels (" + width + "x" + height + ")");
        }
        if ((long) width * height > MAX_DECLARED_PIXELS) {
          throw new UndecodableImageException("the image declares " + width + "x" + height + " pixels, more than the "
              + MAX_DECLARED_PIXELS + " a worker decodes");
        }
        Rectangle crop = region.of(width, height);
        int step = (int) Math.ceil(Math.sqrt((double) crop.width * crop.height / MAX_DECODED_PIXELS));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(crop);
        param.setSourceSubsampling(step, step, 0, 0);
        return new Decoded(reader.read(0, param), crop, step);
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

  /** A whole image's pixels, {@code 0xRRGGBB} each, row after row; {@code step} as in {@link Decoded}. */
  public record Rgb(int[] rgb, int width, int height, int step) {}

  /**
   * The whole image's pixels. A JPEG goes through libjpeg, as Pillow and browsers decode it: faster than ImageIO, and
   * without ImageIO's conversion of an embedded colour profile, whose LittleCMS transform, made anew for each image,
   * took a fifth of a course face's time in the face pipeline. Anything else, or a JPEG too large to decode whole,
   * goes through ImageIO.
   */
  public static Rgb decodeRgb(byte[] encoded) throws UndecodableImageException {
    Pixels jpeg = ScaledJpegDecoder.decodeWhole(encoded, MAX_DECODED_PIXELS);
    if (jpeg != null) {
      return new Rgb(jpeg.rgb(), jpeg.width(), jpeg.height(), 1);
    }
    Decoded decoded = decode(encoded, (w, h) -> new Rectangle(0, 0, w, h));
    BufferedImage image = decoded.image();
    return new Rgb(rgb(image), image.getWidth(), image.getHeight(), decoded.step());
  }

  /** The pixels as {@code 0xRRGGBB}, row after row. */
  public static int[] rgb(BufferedImage image) {
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
    return rgb;
  }
}
