package iras.app;

import static org.junit.jupiter.api.Assertions.assertNull;

import iras.worker.WorkerModels;
import iras.model.ImageClassifier;
import iras.model.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The answers the service must give, worked out in-process with the same model on the same files. */
public final class Reference {
  private Reference() {}

  public static List<Path> images(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  /** Label per file name ({@code test_00.jpg} → {@code Paul}). */
  public static Map<String, String> labels(Path model, List<Path> images) throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    try (ImageClassifier classifier = WorkerModels.load(TestStack.settings(Path.of("unused"), 0, model))) {
      for (Path image : images) {
        Prediction p = classifier.classify(List.of(Files.readAllBytes(image))).get(0);
        assertNull(p.error(), () -> image + ": " + p.error());
        labels.put(image.getFileName().toString(), p.best().label());
      }
    }
    return labels;
  }

  /** The course's answer prefix: the file name without its extension. */
  static String baseName(Path image) {
    String name = image.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }
}
