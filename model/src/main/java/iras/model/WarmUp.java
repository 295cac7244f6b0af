package iras.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Runs a model over synthetic images until the JIT has compiled its hot loops. A fresh worker JVM classifies its
 * first batches about twice as slowly as later ones (MobileNetV2, batches of 8 on one thread: about 1.1 s and
 * 0.8 s, then 0.45 s from the third batch on), so a worker that can warm up before anyone waits on it should.
 */
public final class WarmUp {
  /** Measured: the third batch runs at the steady speed; two more leave a margin for a busier machine. */
  public static final int BATCHES = 4;
  /**
   * One-image forward passes after the batches. The Java side of every operation (shapes, workspaces, op dispatch)
   * runs once per layer whatever the batch size, and C2 compiles it only after thousands of calls: without these,
   * a worker's JIT still took a fifth of its CPU in its third burst of 100 images. Single images reach those counts
   * at an eighth of the cost.
   */
  public static final int SINGLES = 60;

  private WarmUp() {}

  /** @return how long it took, in milliseconds */
  public static long run(ImageClassifier model, int batchSize) {
    return run(model::classify, batchSize);
  }

  /**
   * The same passes through any model that takes encoded images in batches.
   *
   * @return how long it took, in milliseconds
   */
  public static long run(Consumer<List<byte[]>> model, int batchSize) {
    // JPEG, so the decoder and the resize warm up along with the model: noise over a gradient, at a photo's size.
    return run(model, batchSize, syntheticJpeg(640, 480, 546));
  }

  /**
   * The same passes on another image, for a model whose cost grows with the image's size beyond what warming up
   * needs.
   *
   * @return how long it took, in milliseconds
   */
  public static long run(Consumer<List<byte[]>> model, int batchSize, byte[] image) {
    long start = System.nanoTime();
    List<byte[]> batch = Collections.nCopies(Math.max(1, batchSize), image);
    for (int i = 0; i < BATCHES; i++) {
      model.accept(batch);
    }
    List<byte[]> single = batch.subList(0, 1);
    for (int i = 0; i < SINGLES; i++) {
      model.accept(single);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** A JPEG of noise over a colour gradient; each {@code seed} gives other bytes. */
  public static byte[] syntheticJpeg(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
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
