package iras.app;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.settings.Settings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/** A whole local deployment on free ports, with the shared test model, for tests that talk to it over HTTP. */
final class TestStack {
  static final Path SHARED = Path.of(System.getProperty("iras.shared", "../shared"));
  static final Path MODEL = SHARED.resolve("models/imagenet-mobilenet/mobilenet_v2_1.0_224_quant.tflite");
  /** MobileNet v1 0.25/128: a few milliseconds per image, for tests whose subject is throughput, not accuracy. */
  static final Path SMALL_MODEL = SHARED.resolve("models/imagenet-mobilenet/mobilenet_v1_0.25_128_quant.tflite");
  static final Path PHOTOS = SHARED.resolve("data/photos");
  static final Path IMAGENET_100 = SHARED.resolve("data/imagenet-100/images");
  static final Path FACES_100 = SHARED.resolve("data/face_images_100/images");
  static final Path FACES_1000 = SHARED.resolve("data/face_images_1000/images");
  static final Path FACE_MODEL = SHARED.resolve("models/face-api");

  private TestStack() {}

  static Settings settings(Path dataDir, int workers) {
    return settings(dataDir, workers, MODEL);
  }

  static Settings settings(Path dataDir, int workers, Path model) {
    return Settings.load()
        .with(
            Map.of(
                "deployment", "test",
                "web.port", 0,
                "local.s3-port", 0,
                "local.sqs-port", 0,
                "local.data-dir", dataDir.toString(),
                "worker.model", "tflite:" + model.toAbsolutePath(),
                "controller.max-instances", workers,
                "controller.status-port", 0));
  }

  /** The face model read from the shared weights, with the deployment's gallery. */
  static Settings faceSettings(Path dataDir, int workers) {
    return settings(dataDir, workers).with("worker.model", "face:" + FACE_MODEL.toAbsolutePath());
  }

  /** A stack whose controller runs from 0 up to {@code workers} worker processes as the queue needs. */
  static LocalStack start(Path dataDir, int workers) throws Exception {
    return LocalStack.start(settings(dataDir, workers));
  }

  static LocalStack start(Settings settings) throws Exception {
    return LocalStack.start(settings);
  }

  /** The request sent with the deployment's admin key, as the gallery, /metrics and /fleet need. */
  static HttpRequest asAdmin(LocalStack stack, HttpRequest request) {
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", "Bearer " + stack.adminKey()).build();
  }

  static HttpRequest asAdmin(LocalStack stack, HttpRequest.Builder request) {
    return asAdmin(stack, request.build());
  }

  /** Two course faces at three times their size, side by side in a 640x480 grey picture, as PNG. */
  static byte[] twoFaces(Path left, Path right) throws IOException {
    BufferedImage scene = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scene.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 640, 480);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(ImageIO.read(left.toFile()), 60, 140, 192, 192, null);
    g.drawImage(ImageIO.read(right.toFile()), 390, 120, 192, 192, null);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(scene, "png", png);
    return png.toByteArray();
  }
}
