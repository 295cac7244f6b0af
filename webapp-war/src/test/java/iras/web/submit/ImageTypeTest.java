package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTypeTest {
  static final Path PHOTOS = Path.of(System.getProperty("iras.shared", "../shared"), "data/photos");

  @Test
  void formatsAreKnownByTheirFirstBytes() {
    assertEquals(Optional.of(ImageType.JPEG), ImageType.detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
    assertEquals(Optional.of(ImageType.PNG),
        ImageType.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}));
    assertEquals(Optional.of(ImageType.GIF), ImageType.detect("GIF89a".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Optional.of(ImageType.BMP), ImageType.detect("BM\0\0".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void textAndShortInputsAreNotImages() {
    assertEquals(Optional.empty(), ImageType.detect("hello".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Optional.empty(), ImageType.detect(new byte[] {(byte) 0xFF}));
    assertEquals(Optional.empty(), ImageType.detect(new byte[0]));
  }

  @Test
  void wholeImagesOfEveryFormatPass() throws Exception {
    for (byte[] image : images()) {
      ImageType type = ImageType.detect(image).orElseThrow();
      assertEquals(Optional.empty(), type.defect(image), type.toString());
    }
  }

  @Test
  void everyCutOfAnImageIsADefect() throws Exception {
    for (byte[] image : images()) {
      ImageType type = ImageType.detect(image).orElseThrow();
      for (int length : new int[] {type == ImageType.BMP ? 2 : 4, 20, image.length / 3, image.length - 1}) {
        Optional<String> defect = type.defect(Arrays.copyOf(image, length));
        assertTrue(defect.isPresent(), type + " cut to " + length + " of " + image.length);
      }
    }
  }

  @Test
  void bytesAfterAJpegsEndAreAllowed() throws Exception {
    byte[] jpeg = Files.readAllBytes(PHOTOS.resolve("eagle.jpg"));
    byte[] trailer = Arrays.copyOf(jpeg, jpeg.length + 100);
    assertEquals(Optional.empty(), ImageType.JPEG.defect(trailer));
  }

  private static byte[][] images() throws Exception {
    BufferedImage cat = ImageIO.read(PHOTOS.resolve("cat.bmp").toFile());
    return new byte[][] {
        Files.readAllBytes(PHOTOS.resolve("eagle.jpg")),
        Files.readAllBytes(PHOTOS.resolve("cat.bmp")),
        encode(cat, "png"),
        encode(cat, "gif"),
        encode(cat, "jpg"),
    };
  }

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), format);
    return out.toByteArray();
  }
}
