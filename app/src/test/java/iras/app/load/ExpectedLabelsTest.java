package iras.app.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpectedLabelsTest {
  static final Path DATA = Path.of(System.getProperty("iras.shared", "../shared")).resolve("data");
  @TempDir Path dir;

  @Test
  void readsTheHeaderlessImageNetFormat() throws IOException {
    ExpectedLabels labels = ExpectedLabels.fromCsv(DATA.resolve("imagenet-100/classification_results.csv"));
    assertEquals(100, labels.size());
    assertEquals(Optional.of("bathtub"), labels.of("test_0"));
  }

  @Test
  void readsTheFaceFormatWithItsHeader() throws IOException {
    ExpectedLabels labels = ExpectedLabels.fromCsv(DATA.resolve("face_images_100/results.csv"));
    assertEquals(100, labels.size());
    assertEquals(Optional.of("Paul"), labels.of("test_00"));
    assertTrue(labels.of("Image").isEmpty());
  }

  @Test
  void aLabelMayHoldCommasAndQuotes() throws IOException {
    Path csv = Files.writeString(dir.resolve("x.csv"), "cat.bmp,\"tabby, tabby cat\"\n");
    assertEquals(Optional.of("tabby, tabby cat"), ExpectedLabels.fromCsv(csv).of("cat"));
  }

  @Test
  void aLineWithoutALabelNamesItsLine() throws IOException {
    Path csv = Files.writeString(dir.resolve("bad.csv"), "Image,Results\ntest_00,Paul\ntest_01\n");
    IOException e = assertThrows(IOException.class, () -> ExpectedLabels.fromCsv(csv));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }
}
