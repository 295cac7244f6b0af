package iras.model;

import java.nio.file.Path;

/** The shared models and images beside the repository; Maven passes their location as iras.shared. */
public final class SharedFiles {
  private static final Path ROOT = Path.of(System.getProperty("iras.shared", "../shared"));

  private SharedFiles() {}

  public static Path root() {
    return ROOT;
  }

  public static Path model(String fileName) {
    return ROOT.resolve("models/imagenet-mobilenet").resolve(fileName);
  }

  public static Path photo(String fileName) {
    return ROOT.resolve("data/photos").resolve(fileName);
  }

  /** The face-api weights, laid out as a mirror of their download URL. */
  public static Path faceApi() {
    return ROOT.resolve("models/face-api");
  }

  /** A course face set: {@code images/} and {@code results.csv} ({@code Image,Results}). */
  public static Path faceImages(int count) {
    return ROOT.resolve("data/face_images_" + count);
  }

  /** Real photos of six people: {@code gallery/}, {@code queries/} and {@code photos.csv} (file, person, role). */
  public static Path facePhotos() {
    return ROOT.resolve("data/face-photos");
  }

  public static Path imagenet100() {
    return ROOT.resolve("data/imagenet-100");
  }

  public static final String V2 = "mobilenet_v2_1.0_224_quant.tflite";
  public static final String V1_025 = "mobilenet_v1_0.25_128_quant.tflite";
}
