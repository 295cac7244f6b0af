package iras.model;

import iras.model.catalog.Classifiers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.model.labels.ImageNetLabels;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetV1ClassifierTest {

  @Test
  void tinyMobileNetV1FromAMirrorClassifiesWithTheCourseLabels(@TempDir Path cache) throws IOException {
    // Offline: the URL cannot be reached, the mirror directory has the file.
    String url = "http://127.0.0.1:" + closedPort() + "/models/" + SharedFiles.V1_025;
    ClassifierOptions options = ClassifierOptions.defaults(cache)
        .withMirrors(List.of(SharedFiles.model(SharedFiles.V1_025).getParent().toString()))
        .withMd5("7c45292400dd8f71d99dd8e2dde0732c")
        .withLabels(ImageNetLabels.SIMPLE);
    try (ImageClassifier classifier = Classifiers.open("tflite:" + url, options)) {
      List<Prediction> predictions = classifier.classify(List.of(
          Files.readAllBytes(SharedFiles.photo("cat.bmp")),
          Files.readAllBytes(SharedFiles.photo("parrot.jpg"))));

      assertEquals("mobilenet_v1_0.25_128_quant", classifier.modelName());
      // The simple label set names class 285 "Egyptian Mau" where the synset says "Egyptian cat".
      assertEquals("Egyptian Mau", predictions.get(0).best().label());
      assertEquals("macaw", predictions.get(1).best().label());
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
