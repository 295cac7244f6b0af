package iras.model.image;

import static org.bytedeco.leptonica.global.leptonica.L_SEVERITY_NONE;
import static org.bytedeco.leptonica.global.leptonica.pixConvertTo32;
import static org.bytedeco.leptonica.global.leptonica.pixDestroy;
import static org.bytedeco.leptonica.global.leptonica.pixGetData;
import static org.bytedeco.leptonica.global.leptonica.pixGetDepth;
import static org.bytedeco.leptonica.global.leptonica.pixGetHeight;
import static org.bytedeco.leptonica.global.leptonica.pixGetWidth;
import static org.bytedeco.leptonica.global.leptonica.pixGetWpl;
import static org.bytedeco.leptonica.global.leptonica.pixReadMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.readHeaderMemJpeg;
import static org.bytedeco.leptonica.global.leptonica.setMsgSeverity;

import java.awt.Rectangle;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEGs with libjpeg (Leptonica's, several times faster than ImageIO's), scaled down by 2, 4 or 8 inside
 * the inverse DCT where the picture is that much larger than what it is shrunk to (docs/BENCHMARKS.md). The DCT's
 * scaling averages, so the smaller picture does not alias. Anything it cannot read is left to ImageIO, which says
 * why.
 */
final class ScaledJpegDecoder {
  private static final Logger log = LoggerFactory.getLogger(ScaledJpegDecoder.class);
  private static final int[] REDUCTIONS = {8, 4, 2};
  private static final boolean AVAILABLE = load();

  private ScaledJpegDecoder() {}

  private static boolean load() {
    try {
      // Corrupt uploads are expected; ImageIO reports them to the user, Leptonica need not write to stderr.
      setMsgSeverity(L_SEVERITY_NONE);
      return true;
    } catch (LinkageError e) {
      log.warn("Leptonica's libjpeg does not load here ({}); JPEGs are decoded by ImageIO", e.toString());
      return false;
    }
  }

  static boolean isJpeg(byte[] encoded) {
    return encoded.length > 3 && (encoded[0] & 0xff) == 0xff && (encoded[1] & 0xff) == 0xd8
        && (encoded[2] & 0xff) == 0xff;
  }

  /**
   * The centre crop that {@code cropOf} chooses, decoded at the smallest scale that still covers twice
   * {@code width x height}, or null when this decoder cannot read the image.
   */
  static Pixels decodeCentre(byte[] encoded, ImageDecoder.Region cropOf, int width, int height)
      throws UndecodableImageException {
    return read(encoded, cropOf, (w, h) -> {
      Rectangle full = cropOf.of(w, h);
      // At least twice the target size is left for the resize to average down from: shrunk by the DCT to just
      // above it, eagle.jpg became a kite rather than a bald eagle.
      for (int r : REDUCTIONS) {
        if (full.width / r >= 2 * width && full.height / r >= 2 * height) {
          return r;
        }
      }
      return 1;
    });
  }

  /** The whole image at full scale, or null when this decoder cannot read it or it has more than {@code maxPixels}. */
  static Pixels decodeWhole(byte[] encoded, long maxPixels) throws UndecodableImageException {
    return read(encoded, (w, h) -> new Rectangle(0, 0, w, h), (w, h) -> (long) w * h > maxPixels ? 0 : 1);
  }

  /** How much the DCT shrinks an image of this size: 1, 2, 4 or 8, or 0 to leave the image to ImageIO. */
  @FunctionalInterface
  private interface Reduction {
    int of(int width, int height) throws UndecodableImageException;
  }

  private static Pixels read(byte[] encoded, ImageDecoder.Region cropOf, Reduction reductionOf)
      throws UndecodableImageException {
    if (!AVAILABLE || !isJpeg(encoded)) {
      return null;
    }
    try (BytePointer data = new BytePointer(encoded)) {
      int[] w = new int[1];
      int[] h = new int[1];
      if (readHeaderMemJpeg(encoded, encoded.length, w, h, (int[]) null, null, null) != 0 || w[0] < 1 || h[0] < 1) {
        return null;
      }
      int reduction = reductionOf.of(w[0], h[0]);
      if (reduction == 0) {
        return null;
      }
      PIX pix = pixReadMemJpeg(data, encoded.length, 0, reduction, (IntPointer) null, 0);
      if (pix == null || pix.isNull()) {
        return null;
      }
      try {
        return centre(pix, cropOf);
      } finally {
        pixDestroy(pix);
      }
    }
  }

  private static Pixels centre(PIX decoded, ImageDecoder.Region cropOf) throws UndecodableImageException {
    PIX pix = pixGetDepth(decoded) == 32 ? decoded : pixConvertTo32(decoded);
    try {
      Rectangle crop = cropOf.of(pixGetWidth(pix), pixGetHeight(pix));
      int wpl = pixGetWpl(pix);
      IntPointer words = pixGetData(pix);
      int[] rgb = new int[crop.width * crop.height];
      for (int y = 0; y < crop.height; y++) {
        words.position((long) (crop.y + y) * wpl + crop.x).get(rgb, y * crop.width, crop.width);
      }
      for (int i = 0; i < rgb.length; i++) {
        // Leptonica's words are 0xRRGGBBAA.
        rgb[i] = rgb[i] >>> 8;
      }
      return new Pixels(rgb, crop.width, crop.height);
    } finally {
      if (pix != decoded) {
        pixDestroy(pix);
      }
    }
  }
}
