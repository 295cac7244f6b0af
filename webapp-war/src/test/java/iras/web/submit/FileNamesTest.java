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
  void invisibleFormatCharactersThatDisguiseAnExtensionAreDropped() {
    assertEquals("invoicegpj.exe", FileNames.sanitize("invoice\u202Egpj.exe"));
    assertEquals("a.jpg", FileNames.sanitize("a\u200B.jpg"));
  }

  @Test
  void markupIsKeptAsText() {
    assertEquals("<img src=x onerror=alert(1)>.jpg", FileNames.sanitize("<img src=x onerror=alert(1)>.jpg"));
  }

  @Test
  void longNamesAreCutKeepingTheExtension() {
    String cut = FileNames.sanitize("x".repeat(5000) + ".jpeg");
    assertEquals(FileNames.MAX_LENGTH, cut.length());
    assertTrue(cut.endsWith(".jpeg"));
    String emoji = FileNames.sanitize("\uD83D\uDE00".repeat(300) + ".png");
    assertEquals((FileNames.MAX_BYTES - 4) / 4, emoji.codePointCount(0, emoji.length()) - 4,
        "four bytes each, as many as an object key may take");
    assertTrue(emoji.endsWith("\uD83D\uDE00.png"), "a cut never splits a character");
  }

  @Test
  void namesThatNoObjectKeyCanHoldAreMadeSafe() {
    assertEquals("upload", FileNames.sanitize("."));
    assertEquals("upload", FileNames.sanitize("..."));
    assertEquals("upload.jpg", FileNames.sanitize("..jpg"), "its answer would be stored under '.'");
    assertEquals("upload.jpg", FileNames.sanitize("...jpg"), "its answer would be stored under '..'");
    assertEquals("a..jpg", FileNames.sanitize("a..jpg"));
    String accented = FileNames.sanitize("\u00e9".repeat(400) + ".jpg");
    assertTrue(accented.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, accented);
    assertTrue(accented.endsWith("\u00e9.jpg"));
  }
}
