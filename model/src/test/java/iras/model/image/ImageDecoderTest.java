package iras.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
  /** Header sizes past the limit; the pixels that follow are those of a small image. */
  private static final int HUGE = 30_000;

  @Test
  void aDecompressionBombIsRefusedBeforeAnyPixelIsDecoded() throws Exception {
    byte[] png = encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png");
    byte[] jpeg = encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg");
    for (byte[] bomb : new byte[][] {pngDeclaring(png, HUGE, HUGE), jpegDeclaring(jpeg, HUGE, HUGE)}) {
      UndecodableImageException refused =
          assertThrows(UndecodableImageException.class, () -> ImageDecoder.decodeRgb(bomb));
      assertTrue(refused.getMessage().contains(HUGE + "x" + HUGE), refused.getMessage());
    }
    // The limit is on what a header declares: the same images with their own sizes decode.
    assertEquals(40 * 30, ImageDecoder.decodeRgb(png).rgb().length);
    assertEquals(40 * 30, ImageDecoder.decodeRgb(jpeg).rgb().length);
  }

  private static byte[] pngDeclaring(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer header = ByteBuffer.wrap(out);
    header.putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    header.putInt(29, (int) crc.getValue());
    return out;
  }

  private static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 9 < out.length; i++) {
      if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC0) {
        ByteBuffer.wrap(out).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
        return out;
      }
    }
    throw new IllegalStateException("no baseline start-of-frame");
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
