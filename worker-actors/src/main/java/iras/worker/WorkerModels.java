package iras.worker;

import iras.core.settings.Settings;
import iras.model.ClassifierOptions;
import iras.model.catalog.Classifiers;
import iras.model.ImageClassifier;
import iras.model.ModelUri;
import iras.model.labels.ImageNetLabels;
import iras.model.source.ModelResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The model a deployment's settings name, as a worker loads it. */
public final class WorkerModels {
  private WorkerModels() {}

  /** @throws IOException saying what is wrong with the model setting or what file to supply */
  public static ImageClassifier load(Settings settings) throws IOException {
    try {
      return Classifiers.open(settings.model(), options(settings));
    } catch (IllegalArgumentException e) {
      throw new IOException("model " + settings.model() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model URI with its file fetched into the local cache, so processes started later need no network.
   *
   * @throws IOException naming the file to supply when the model cannot be found or fetched
   */
  public static String resolve(Settings settings) throws IOException {
    ModelUri uri = parse(settings);
    if (!uri.source().equals("tflite")) {
      return uri.toString();
    }
    Path file = new ModelResolver(settings.modelCache(), settings.modelMirrors()).resolve(uri.location(), null);
    return uri.withLocation(file.toAbsolutePath().toString()).toString();
  }

  /** @throws IOException saying what is wrong with the model setting */
  public static ModelUri parse(Settings settings) throws IOException {
    try {
      return ModelUri.parse(settings.model());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static ClassifierOptions options(Settings settings) {
    return ClassifierOptions.defaults(settings.modelCache())
        .withMirrors(settings.modelMirrors())
        .withThreads(settings.workerThreads())
        .withLabels(ImageNetLabels.valueOf(settings.labels().toUpperCase(Locale.ROOT)));
  }
}
