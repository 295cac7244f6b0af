package iras.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** The shared models and photos the benchmarks run on ({@code -Diras.shared}, default {@code ../shared}). */
final class BenchmarkFiles {
  private static final Path SHARED = Path.of(System.getProperty("iras.shared", "../shared"));
  /** Camera photos of 0.4-0.5 megapixels: what a person uploads, decoded and shrunk for every request. */
  private static final List<String> PHOTOS = List.of("dog.jpg", "eagle.jpg", "parrot.jpg");

  private BenchmarkFiles() {}

  static Path tflite(String name) {
    return SHARED.resolve("models/imagenet-mobilenet").resolve(name + ".tflite");
  }

  static Path photo(String name) {
    return SHARED.resolve("data/photos").resolve(name);
  }

  static Path course64() {
    return SHARED.resolve("data/imagenet-100/images/test_0.JPEG");
  }

  static Path faceApi() {
    return SHARED.resolve("models/face-api");
  }

  static Path courseFace() {
    return SHARED.resolve("data/face_images_100/images/test_00.jpg");
  }

  /** A 640x480 grey JPEG with the course face at three times its size, {@code faces} times side by side. */
  static byte[] courseFaceScene(int faces) {
    try {
      BufferedImage face = ImageIO.read(courseFace().toFile());
      BufferedImage scene = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = scene.createGraphics();
      g.setColor(Color.GRAY);
      g.fillRect(0, 0, 640, 480);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      for (int i = 0; i < faces; i++) {
        g.drawImage(face, 40 + 320 * i, 140, 192, 192, null);
      }
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(scene, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} photos, the three in turn. */
  static List<byte[]> photos(int n) {
    List<byte[]> images = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      images.add(read(photo(PHOTOS.get(i % PHOTOS.size()))));
    }
    return images;
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("benchmark input missing; run from the repository root or set -Diras.shared", e);
    }
  }

  /** A photo enlarged (bicubic) and encoded again as a JPEG: the size of a phone's upload. */
  static byte[] enlarged(String photo, int width, int height) {
    try {
      BufferedImage source = ImageIO.read(photo(photo).toFile());
      BufferedImage large =
          new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = large.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(source, 0, 0, width, height, null);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(large, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
