package iras.worker.model;

import iras.worker.model.source.ModelResolver;
import iras.worker.model.tflite.ImportedGraph;
import iras.worker.model.tflite.TfliteImporter;
import java.io.IOException;
import java.nio.file.Path;

/** Opens a classifier from a model URI. */
public final class Classifiers {
  /** MobileNetV2 1.0/224 (uint8 TFLite, ~72% ImageNet top-1), downloaded and cached on first use. */
  public static final String DEFAULT_MODEL = "tflite:" + ModelResolver.DEFAULT_URL;

  private static final String TFLITE = "tflite:";

  private Classifiers() {}

  /**
   * Opens {@code tflite:<local path or http(s) URL>}. Pins ND4J's threads to {@code options.threads()} first,
   * for the whole process.
   *
   * @throws IllegalArgumentException for a URI of another kind, or a model that is not an RGB ImageNet
   *                                  classifier
   * @throws IOException              if the model cannot be found, fetched or imported; the message says why
   */
  public static ImageClassifier open(String modelUri, ClassifierOptions options) throws IOException {
    if (!modelUri.startsWith(TFLITE)) {
      throw new IllegalArgumentException("unsupported model URI \"" + modelUri + "\"; expected "
          + TFLITE + "<path or URL>");
    }
    Nd4jThreads.pin(options.threads());
    Path file = new ModelResolver(options.cacheDir(), options.mirrors())
        .resolve(modelUri.substring(TFLITE.length()), options.md5());
    String name = file.getFileName().toString().replaceFirst("\\.tflite$", "");
    ImportedGraph imported = TfliteImporter.load(file);
    try {
      return new GraphClassifier(name, imported, options.labels());
    } catch (IllegalArgumentException e) {
      imported.graph().close();
      throw e;
    }
  }
}
