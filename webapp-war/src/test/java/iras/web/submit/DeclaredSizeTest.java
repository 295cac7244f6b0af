package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DeclaredSizeTest {
  @Test
  void theHeaderOfEachFormatGivesItsSize() throws Exception {
    for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
      byte[] image = encode(new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB), format);
      ImageType type = ImageType.detect(image).orElseThrow();
      assertEquals(new DeclaredSize(37, 23), DeclaredSize.of(type, image).orElseThrow(), format);
    }
  }

  @Test
  void aPngDeclaringHugeDimensionsIsReadAsSuchWithoutDecoding() throws Exception {
    byte[] png = encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
    ByteBuffer.wrap(png).putInt(16, 30_000).putInt(20, 30_000);
    assertEquals(900_000_000L, DeclaredSize.of(ImageType.PNG, png).orElseThrow().pixels());
  }

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
