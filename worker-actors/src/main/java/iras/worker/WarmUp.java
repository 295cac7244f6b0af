package iras.worker;

import iras.worker.model.ImageClassifier;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Runs a model over synthetic images until the JIT has compiled its hot loops. A fresh worker JVM classifies its
 * first batches about twice as slowly as later ones (MobileNetV2, batches of 8 on one thread: about 1.1 s and
 * 0.8 s, then 0.45 s from the third batch on), so a worker that can warm up before anyone waits on it should.
 */
public final class WarmUp {
  /** Measured: the third batch runs at the steady speed; two more leave a margin for a busier machine. */
  public static final int BATCHES = 4;

  private WarmUp() {}

  /** @return how long it took, in milliseconds */
  public static long run(ImageClassifier model, int batchSize) {
    long start = System.nanoTime();
    // JPEG, so the decoder and the resize warm up along with the model: noise over a gradient, at a photo's size.
    List<byte[]> batch = Collections.nCopies(Math.max(1, batchSize), syntheticJpeg(640, 480));
    for (int i = 0; i < BATCHES; i++) {
      model.classify(batch);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static byte[] syntheticJpeg(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(546);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int noise = random.nextInt(64);
        image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | (noise + 96));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
