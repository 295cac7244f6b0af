package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTypeTest {
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
}
