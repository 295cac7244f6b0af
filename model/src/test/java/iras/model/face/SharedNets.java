package iras.model.face;

import iras.model.SharedFiles;
import iras.model.tfjs.TfjsWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The three nets from the shared weights, loaded once for all tests, and pipelines over them. */
final class SharedNets {
  private static final TinyFaceDetector DETECTOR = new TinyFaceDetector(read("tiny_face_detector_model"));
  private static final LandmarkNet LANDMARKS = new LandmarkNet(read("face_landmark_68_model"));
  private static final RecognitionNet RECOGNITION = new RecognitionNet(read("face_recognition_model"));

  private SharedNets() {}

  static FacePipeline pipeline(boolean detect, boolean align, int size, double minScore) {
    return new FacePipeline(new FacePipeline.Settings(detect, align, List.of(size), minScore, 0,
        FaceModels.DEFAULT_UNKNOWN_BEYOND), DETECTOR, LANDMARKS,
        RECOGNITION);
  }

  static RecognitionNet recognition() {
    return RECOGNITION;
  }

  private static TfjsWeights read(String model) {
    try {
      return TfjsWeights.read(SharedFiles.faceApi().resolve(model + "-weights_manifest.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
