package iras.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.catalog.Classifiers;
import iras.model.labels.ImageNetLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 100 small (64x64) ImageNet photos of imagenet-100, with the course's classification_results.csv. That file
 * does not describe the images: test_2, a monarch butterfly on yellow flowers, is listed as "jigsaw puzzle",
 * test_10, a bowl of guacamole, as "face powder". Those are the answers of the course's reference model (in the
 * simple label set), and they agree with MobileNetV2 on about 1 image in 100, no better when shifted by a class
 * index or reordered by file name. So the agreement is logged, not asserted; what is asserted is that every image
 * classifies in batches, and the classes of images checked by eye.
 */
class ImageNet100Test {
  private static final Logger log = LoggerFactory.getLogger(ImageNet100Test.class);
  private static final int BATCH = 10;

  @Test
  void allHundredPhotosClassifyInBatchesAsWhatTheyShow(@TempDir Path cache) throws IOException {
    Map<String, String> course = new LinkedHashMap<>();
    for (String line : Files.readAllLines(SharedFiles.imagenet100().resolve("classification_results.csv"))) {
      if (!line.isBlank()) {
        int comma = line.indexOf(',');
        course.put(line.substring(0, comma), line.substring(comma + 1).strip());
      }
    }
    assertEquals(100, course.size());

    Map<String, Prediction> predictions = new LinkedHashMap<>();
    ClassifierOptions options = ClassifierOptions.defaults(cache).withLabels(ImageNetLabels.SIMPLE);
    try (ImageClassifier classifier = Classifiers.open("tflite:" + SharedFiles.model(SharedFiles.V2), options)) {
      List<String> names = new ArrayList<>(course.keySet());
      for (int from = 0; from < names.size(); from += BATCH) {
        List<String> chunk = names.subList(from, Math.min(from + BATCH, names.size()));
        List<byte[]> images = new ArrayList<>();
        for (String name : chunk) {
          images.add(Files.readAllBytes(SharedFiles.imagenet100().resolve("images").resolve(name)));
        }
        List<Prediction> results = classifier.classify(images);
        for (int i = 0; i < chunk.size(); i++) {
          predictions.put(chunk.get(i), results.get(i));
        }
      }
    }

    assertTrue(predictions.values().stream().allMatch(Prediction::ok));
    assertEquals("monarch butterfly", predictions.get("test_2.JPEG").best().label());
    assertEquals("guacamole", predictions.get("test_10.JPEG").best().label());
    assertEquals("albatross", predictions.get("test_4.JPEG").best().label());

    long top1 = course.entrySet().stream()
        .filter(e -> predictions.get(e.getKey()).best().label().equals(e.getValue()))
        .count();
    long top5 = course.entrySet().stream()
        .filter(e -> predictions.get(e.getKey()).top5().stream().anyMatch(g -> g.label().equals(e.getValue())))
        .count();
    log.info("Agreement with the course's classification_results.csv: {}/100 top-1, {}/100 within top-5",
        top1, top5);
  }
}
