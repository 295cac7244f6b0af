package iras.worker.answer;

import iras.core.faces.GalleryStore;
import iras.core.settings.Settings;
import iras.model.ModelUri;
import iras.model.face.FaceModels;
import iras.model.face.FaceOptions;
import iras.worker.WorkerModels;
import java.io.IOException;
import java.time.Clock;

/** Opens the model a deployment's settings name, as the worker node uses it. */
public final class Answerers {
  private Answerers() {}

  /**
   * @param gallery where a face model finds and adds enrolled people
   * @throws IOException saying what is wrong with the model setting or what file to supply
   */
  public static Answerer open(Settings settings, GalleryStore gallery) throws IOException {
    ModelUri uri = WorkerModels.parse(settings);
    if (!uri.source().equals("face")) {
      return new ClassifyingAnswerer(WorkerModels.load(settings));
    }
    try {
      return new FaceAnswerer(FaceModels.open(uri, FaceOptions.defaults(settings.modelCache())
          .withMirrors(settings.modelMirrors())
          .withThreads(settings.workerThreads())
          .withUnknownBeyond(settings.faceUnknownBeyond().orElse(Double.NaN))), gallery, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new IOException("model " + settings.model() + ": " + e.getMessage(), e);
    }
  }
}
