package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void directoryPartsAreDropped() {
    assertEquals("passwd.jpg", FileNames.sanitize("../../etc/passwd.jpg"));
    assertEquals("cat.jpg", FileNames.sanitize("C:\\Users\\me\\cat.jpg"));
  }

  @Test
  void controlCharactersAreDroppedAndNothingBecomesUpload() {
    assertEquals("ab.jpg", FileNames.sanitize("a\u0000b\r\n.jpg"));
    assertEquals("upload", FileNames.sanitize(null));
    assertEquals("upload", FileNames.sanitize("dir/"));
    assertEquals("upload", FileNames.sanitize(".."));
  }

  @Test
  void longNamesAreCutKeepingTheExtension() {
    String cut = FileNames.sanitize("x".repeat(5000) + ".jpeg");
    assertEquals(FileNames.MAX_LENGTH, cut.length());
    assertTrue(cut.endsWith(".jpeg"));
  }
}
