package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code iras classify}, the reference answer the service's results are compared with. */
class ClassifyCommandTest {
  @TempDir Path emptyCache;

  @Test
  void printsTheLabelOfEachPhoto() {
    StringWriter out = new StringWriter();
    int exit = command(out, new StringWriter()).execute(
        "classify", "--model", "tflite:" + TestStack.MODEL.toAbsolutePath(),
        TestStack.PHOTOS.resolve("cat.bmp").toString(),
        TestStack.PHOTOS.resolve("eagle.jpg").toString(),
        TestStack.PHOTOS.resolve("parrot.jpg").toString());
    assertEquals(0, exit, out.toString());
    String[] lines = out.toString().strip().split("\n");
    assertTrue(lines[0].matches(".*cat\\.bmp: Egyptian cat \\(0\\.8\\d\\d\\)"), lines[0]);
    assertTrue(lines[1].matches(".*eagle\\.jpg: bald eagle \\(0\\.\\d+\\)"), lines[1]);
    assertTrue(lines[2].matches(".*parrot\\.jpg: macaw \\(0\\.99\\d\\)"), lines[2]);
  }

  @Test
  void aModelThatCannotBeFetchedIsOneClearLine() {
    StringWriter err = new StringWriter();
    System.setProperty("iras.worker.model-cache", emptyCache.toString());
    System.setProperty("iras.worker.model-mirror", emptyCache.resolve("nowhere").toString());
    try {
      // Port 9 (discard) on loopback is closed here, so the download fails at once, as offline.
      int exit = command(new StringWriter(), err).execute(
          "classify", "--model", "tflite:http://127.0.0.1:9/mobilenet_v2_1.0_224_quant.tflite",
          TestStack.PHOTOS.resolve("cat.bmp").toString());
      assertEquals(2, exit);
    } finally {
      System.clearProperty("iras.worker.model-cache");
      System.clearProperty("iras.worker.model-mirror");
    }
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("iras: "), message);
    assertTrue(message.contains(emptyCache.resolve("mobilenet_v2_1.0_224_quant.tflite").toString()), message);
    assertTrue(message.contains("IRAS_MODEL"), message);
  }

  private static CommandLine command(StringWriter out, StringWriter err) {
    return Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
  }
}
