package iras.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.catalog.Classifiers;
import iras.model.source.ModelUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetV2ClassifierTest {
  private static final List<String> PHOTOS = List.of("cat.bmp", "eagle.jpg", "parrot.jpg", "dog.jpg",
      "grace_hopper.bmp");

  @TempDir
  static Path cache;
  private static ImageClassifier classifier;

  @BeforeAll
  static void load() throws IOException {
    classifier = Classifiers.open("tflite:" + SharedFiles.model(SharedFiles.V2), ClassifierOptions.defaults(cache));
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @Test
  void photosGetTheirImageNetClasses() throws IOException {
    List<Prediction> predictions = classifier.classify(List.of(photo("cat.bmp"), photo("eagle.jpg"),
        photo("parrot.jpg"), photo("dog.jpg")));

    Guess cat = predictions.get(0).best();
    assertEquals("Egyptian cat", cat.label());
    assertEquals(0.89, cat.confidence(), 0.03);
    assertEquals("tabby", predictions.get(0).top5().get(1).label());
    assertEquals("bald eagle", predictions.get(1).best().label());
    assertEquals("macaw", predictions.get(2).best().label());
    assertTrue(predictions.get(2).best().confidence() > 0.99);
    assertEquals("malamute", predictions.get(3).best().label());
  }

  @Test
  void topFiveIsOrderedByConfidence() throws IOException {
    List<Guess> top5 = classifier.classify(List.of(photo("dog.jpg"))).get(0).top5();
    assertEquals(5, top5.size());
    for (int i = 1; i < top5.size(); i++) {
      assertTrue(top5.get(i - 1).confidence() >= top5.get(i).confidence(), top5.toString());
    }
  }

  @Test
  void aBatchGivesTheSameAnswersAsOneImageAtATime() throws IOException {
    List<byte[]> images = new ArrayList<>();
    for (String name : PHOTOS) {
      images.add(photo(name));
    }
    List<Prediction> batch = classifier.classify(images);
    assertEquals(images.size(), batch.size());
    for (int i = 0; i < images.size(); i++) {
      Prediction alone = classifier.classify(List.of(images.get(i))).get(0);
      for (int k = 0; k < 5; k++) {
        Guess a = alone.top5().get(k);
        Guess b = batch.get(i).top5().get(k);
        assertEquals(a.label(), b.label(), PHOTOS.get(i));
        assertEquals(a.confidence(), b.confidence(), 1e-4, PHOTOS.get(i));
      }
    }
  }

  @Test
  void anUndecodableImageFailsAloneWhileTheRestOfItsBatchSucceeds() throws IOException {
    byte[] garbage = "this is not an image".getBytes(StandardCharsets.UTF_8);
    List<Prediction> predictions = classifier.classify(List.of(photo("cat.bmp"), garbage, photo("parrot.jpg")));

    assertEquals("Egyptian cat", predictions.get(0).best().label());
    assertFalse(predictions.get(1).ok());
    assertEquals("not an image in a supported format (JPEG, PNG, BMP, GIF)", predictions.get(1).error());
    assertTrue(predictions.get(1).top5().isEmpty());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> predictions.get(1).best());
    assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    assertEquals("macaw", predictions.get(2).best().label());
  }

  @Test
  void aBatchOfOnlyUndecodableImagesGetsErrors() {
    List<Prediction> predictions = classifier.classify(List.of(new byte[0], new byte[] {1, 2, 3}));
    assertEquals(2, predictions.size());
    assertTrue(predictions.stream().noneMatch(Prediction::ok));
    assertEquals(List.of(), classifier.classify(List.of()));
  }

  @Test
  void modelNameComesFromTheFile() {
    assertEquals("mobilenet_v2_1.0_224_quant", classifier.modelName());
  }

  @Test
  void missingModelFileIsReported() {
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> Classifiers.open("tflite:" + cache.resolve("absent.tflite"), ClassifierOptions.defaults(cache)));
    assertTrue(e.getMessage().contains("IRAS_MODEL"), e.getMessage());
  }

  private static byte[] photo(String name) throws IOException {
    return Files.readAllBytes(SharedFiles.photo(name));
  }
}
