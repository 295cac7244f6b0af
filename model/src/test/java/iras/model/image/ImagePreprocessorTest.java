package iras.model.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  private static final int SIZE = 8;
  private final ImagePreprocessor preprocessor = new ImagePreprocessor(
      ModelInput.of(SIZE, SIZE, ModelInput.Colours.RGB, ModelInput.Layout.NCHW, 1f / 128, 128f));

  @Test
  void decodesJpegPngBmpAndGifIntoPlanarScaledValues() throws Exception {
    BufferedImage image = filled(40, 30, new Color(200, 100, 48));
    for (String format : new String[] {"jpeg", "png", "bmp", "gif"}) {
      float[] out = preprocess(encode(image, format));
      // JPEG is lossy; the others are exact.
      float tolerance = format.equals("jpeg") ? 0.04f : 1e-6f;
      assertPlane(out, 0, (200 - 128) / 128f, tolerance, format + " red");
      assertPlane(out, 1, (100 - 128) / 128f, tolerance, format + " green");
      assertPlane(out, 2, (48 - 128) / 128f, tolerance, format + " blue");
    }
  }

  @Test
  void alphaIsIgnored() throws Exception {
    BufferedImage translucent = new BufferedImage(12, 12, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 12; x++) {
        translucent.setRGB(x, y, 0x80c86430);
      }
    }
    float[] out = preprocess(encode(translucent, "png"));
    assertPlane(out, 0, (0xc8 - 128) / 128f, 1e-6f, "red");
    assertPlane(out, 1, (0x64 - 128) / 128f, 1e-6f, "green");
    assertPlane(out, 2, (0x30 - 128) / 128f, 1e-6f, "blue");
  }

  @Test
  void blackAndWhiteMapToTheEndsOfTheRange() throws Exception {
    assertPlane(preprocess(encode(filled(10, 10, Color.BLACK), "png")), 0, -1f, 1e-6f, "black");
    assertPlane(preprocess(encode(filled(10, 10, Color.WHITE), "png")), 2, 127 / 128f, 1e-6f, "white");
  }

  @Test
  void centreCropDropsTheSidesOfWideAndTallImages() throws Exception {
    float green = (255 - 128) / 128f;
    float[] wide = preprocess(encode(bands(300, 100, true), "png"));
    assertPlane(wide, 1, green, 1e-6f, "wide image centre");
    assertPlane(wide, 0, -1f, 1e-6f, "no red from the left band");
    float[] tall = preprocess(encode(bands(100, 300, false), "png"));
    assertPlane(tall, 1, green, 1e-6f, "tall image centre");
    assertPlane(tall, 2, -1f, 1e-6f, "no blue from the bottom band");
  }

  @Test
  void downscalingAveragesInsteadOfPickingPixels() throws Exception {
    // A one-pixel checkerboard has mean grey; sampling single pixels would give black or white.
    BufferedImage board = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 512; y++) {
      for (int x = 0; x < 512; x++) {
        board.setRGB(x, y, (x + y) % 2 == 0 ? 0xffffff : 0);
      }
    }
    float[] out = preprocess(encode(board, "png"));
    for (float v : out) {
      assertEquals(-0.002f, v, 0.05f);
    }
  }

  @Test
  void smallImagesAreUpscaled() throws Exception {
    float[] out = preprocess(encode(filled(2, 2, new Color(10, 20, 30)), "png"));
    assertPlane(out, 0, (10 - 128) / 128f, 1e-6f, "red");
  }

  @Test
  void writesEachImageAtItsOffsetInTheBatch() throws Exception {
    float[] batch = new float[2 * preprocessor.size()];
    Arrays.fill(batch, 9f);
    preprocessor.preprocess(encode(filled(5, 5, Color.BLACK), "png"), batch, preprocessor.size());
    assertEquals(9f, batch[preprocessor.size() - 1]);
    assertEquals(-1f, batch[preprocessor.size()]);
    assertEquals(-1f, batch[batch.length - 1]);
  }

  @Test
  void bgrInputWithPerChannelMeansIsPlanarInBlueGreenRedOrder() throws Exception {
    ImagePreprocessor caffe = new ImagePreprocessor(new ModelInput(SIZE, SIZE, ModelInput.Colours.BGR,
        ModelInput.Layout.NCHW, 1f, new float[] {103.939f, 116.779f, 123.68f}));
    float[] out = new float[caffe.size()];
    caffe.preprocess(encode(filled(10, 10, new Color(200, 100, 48)), "png"), out, 0);
    assertPlane(out, 0, 48 - 103.939f, 1e-3f, "blue first");
    assertPlane(out, 1, 100 - 116.779f, 1e-3f, "green");
    assertPlane(out, 2, 200 - 123.68f, 1e-3f, "red last");
  }

  @Test
  void greyInputIsTheLumaChannelsLast() throws Exception {
    ImagePreprocessor grey = new ImagePreprocessor(
        ModelInput.of(SIZE, SIZE, ModelInput.Colours.GREY, ModelInput.Layout.NHWC, 1 / 127.5f, 127.5f));
    assertEquals(SIZE * SIZE, grey.size());
    float[] out = new float[grey.size()];
    grey.preprocess(encode(filled(10, 10, new Color(200, 100, 48)), "png"), out, 0);
    // 124.9 becomes a whole 8-bit grey level, as any 8-bit conversion gives.
    float luma = Math.round(0.299f * 200 + 0.587f * 100 + 0.114f * 48);
    for (float v : out) {
      assertEquals((luma - 127.5f) / 127.5f, v, 1e-4f);
    }
  }

  @Test
  void rgbChannelsLastInterleavesEachPixel() throws Exception {
    ImagePreprocessor nhwc = new ImagePreprocessor(
        ModelInput.of(SIZE, SIZE, ModelInput.Colours.RGB, ModelInput.Layout.NHWC, 1f, 0f));
    float[] out = new float[nhwc.size()];
    nhwc.preprocess(encode(filled(10, 10, new Color(200, 100, 48)), "png"), out, 0);
    assertEquals(200f, out[0], 1e-4f);
    assertEquals(100f, out[1], 1e-4f);
    assertEquals(48f, out[2], 1e-4f);
    assertEquals(200f, out[out.length - 3], 1e-4f);
  }

  @Test
  void bytesThatAreNoImageAreUndecodable() {
    Random random = new Random(5);
    byte[] noise = new byte[1000];
    random.nextBytes(noise);
    for (byte[] bytes : new byte[][] {new byte[0], noise, "hello".getBytes(StandardCharsets.US_ASCII)}) {
      UndecodableImageException e = assertThrows(UndecodableImageException.class, () -> preprocess(bytes));
      assertEquals("not an image in a supported format (JPEG, PNG, BMP, GIF)", e.getMessage());
    }
  }

  @Test
  void truncatedImagesAreUndecodable() throws Exception {
    byte[] png = encode(bands(300, 100, true), "png");
    byte[] truncated = Arrays.copyOf(png, png.length / 2);
    UndecodableImageException e = assertThrows(UndecodableImageException.class, () -> preprocess(truncated));
    assertTrue(e.getMessage().startsWith("cannot decode image: "), e.getMessage());
  }

  private float[] preprocess(byte[] bytes) throws UndecodableImageException {
    float[] out = new float[preprocessor.size()];
    preprocessor.preprocess(bytes, out, 0);
    return out;
  }

  @Test
  void jpegsDecodedByLibjpegScaledInTheDctGiveTheSamePictureAsImageIoAtFullSize() throws Exception {
    // 1800x1200: a centre crop of 1200, so libjpeg decodes at a half (600, at least twice 224) for the SCALED run.
    ModelInput model = ModelInput.of(224, 224, ModelInput.Colours.RGB, ModelInput.Layout.NHWC, 1f, 0f);
    for (String kind : new String[] {"colour", "grey"}) {
      BufferedImage image = new BufferedImage(1800, 1200,
          kind.equals("grey") ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setPaint(new java.awt.GradientPaint(0, 0, new Color(250, 40, 20), 1800, 1200, new Color(10, 90, 240)));
      g.fillRect(0, 0, 1800, 1200);
      g.setColor(Color.WHITE);
      g.fillOval(700, 300, 400, 600);
      g.dispose();
      byte[] jpeg = encode(image, "jpg");
      float[] scaled = new float[model.size()];
      float[] imageIo = new float[model.size()];
      new ImagePreprocessor(model, ImagePreprocessor.JpegDecoding.SCALED).preprocess(jpeg, scaled, 0);
      new ImagePreprocessor(model, ImagePreprocessor.JpegDecoding.IMAGE_IO).preprocess(jpeg, imageIo, 0);
      double sum = 0;
      for (int i = 0; i < scaled.length; i++) {
        sum += Math.abs(scaled[i] - imageIo[i]);
      }
      assertTrue(sum / scaled.length < 2.0, kind + ": mean difference " + sum / scaled.length + " of 255");
      assertEquals(255f, scaled[3 * (112 * 224 + 112)], 3f, kind + ": the white oval at the centre");
    }
  }

  @Test
  void greyImagesKeepTheirGreyLevelsWhateverTheirFormat() throws Exception {
    BufferedImage grey = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 40; x++) {
        grey.getRaster().setSample(x, y, 0, 100);
      }
    }
    ModelInput model = ModelInput.of(SIZE, SIZE, ModelInput.Colours.RGB, ModelInput.Layout.NHWC, 1f, 0f);
    for (String format : new String[] {"jpg", "png"}) {
      for (ImagePreprocessor.JpegDecoding decoding : ImagePreprocessor.JpegDecoding.values()) {
        float[] out = new float[model.size()];
        new ImagePreprocessor(model, decoding).preprocess(encode(grey, format), out, 0);
        for (float v : out) {
          assertEquals(100f, v, 1f, format + " decoded by " + decoding);
        }
      }
    }
  }

  @Test
  void aJpegCutOffInItsHeaderIsReportedByImageIo() throws Exception {
    byte[] jpeg = encode(filled(300, 300, Color.RED), "jpg");
    UndecodableImageException e = assertThrows(UndecodableImageException.class,
        () -> preprocess(Arrays.copyOf(jpeg, 20)));
    assertTrue(e.getMessage().startsWith("cannot decode image"), e.getMessage());
  }

  private static void assertPlane(float[] out, int plane, float expected, float tolerance, String what) {
    for (int i = plane * SIZE * SIZE; i < (plane + 1) * SIZE * SIZE; i++) {
      assertEquals(expected, out[i], tolerance, what + " at " + i);
    }
  }

  private static BufferedImage filled(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  /** Three equal bands, red, green, blue, side by side (wide) or stacked (tall). */
  private static BufferedImage bands(int w, int h, boolean wide) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    Color[] colors = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < 3; i++) {
      g.setColor(colors[i]);
      if (wide) {
        g.fillRect(i * w / 3, 0, w / 3, h);
      } else {
        g.fillRect(0, i * h / 3, w, h / 3);
      }
    }
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "a writer for " + format);
    return out.toByteArray();
  }
}
