package iras.worker;

import iras.core.settings.Settings;
import iras.worker.model.ClassifierOptions;
import iras.worker.model.Classifiers;
import iras.worker.model.ImageClassifier;
import iras.worker.model.labels.ImageNetLabels;
import iras.worker.model.source.ModelResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The model a deployment's settings name, as a worker loads it. */
public final class WorkerModels {
  private static final String TFLITE = "tflite:";

  private WorkerModels() {}

  public static ImageClassifier load(Settings settings) throws IOException {
    return Classifiers.open(settings.model(), options(settings));
  }

  /**
   * The model URI with its file fetched into the local cache, so processes started later need no network.
   *
   * @throws IOException naming the file to supply when the model cannot be found or fetched
   */
  public static String resolve(Settings settings) throws IOException {
    String uri = settings.model();
    if (!uri.startsWith(TFLITE)) {
      return uri;
    }
    Path file =
        new ModelResolver(settings.modelCache(), settings.modelMirrors()).resolve(uri.substring(TFLITE.length()), null);
    return TFLITE + file.toAbsolutePath();
  }

  private static ClassifierOptions options(Settings settings) {
    return ClassifierOptions.defaults(settings.modelCache())
        .withMirrors(settings.modelMirrors())
        .withThreads(settings.workerThreads())
        .withLabels(ImageNetLabels.valueOf(settings.labels().toUpperCase(Locale.ROOT)));
  }
}
