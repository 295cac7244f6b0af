package iras.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.catalog.Classifiers;
import iras.model.labels.ImageNetLabels;
import iras.model.tfliteruntime.TfliteRuntimeClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same {@code .tflite} file on TensorFlow Lite's runtime (the default, XNNPACK) and on the project's DL4J import,
 * fed by the same preprocessing. Integer kernels that round differently disagree on the uncertain images of
 * imagenet-100 (64x64 thumbnails whose best class often has 10 % or less): TensorFlow Lite's own built-in kernels and
 * XNNPACK name different best classes for 5 of these 105 images. So the import must agree with XNNPACK at least as
 * well as TensorFlow Lite's built-in kernels do, and on every photo, where the model is sure.
 */
class EnginesAgreeTest {
  private static final Logger log = LoggerFactory.getLogger(EnginesAgreeTest.class);

  @TempDir Path cache;

  @Test
  void bothEnginesNameTheSameBestClassForImageNet100AndThePhotos() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> images = Files.list(SharedFiles.imagenet100().resolve("images"))) {
      images.sorted().forEach(files::add);
    }
    try (Stream<Path> photos = Files.list(SharedFiles.photo("."))) {
      photos.sorted().forEach(files::add);
    }
    List<byte[]> images = new ArrayList<>();
    for (Path f : files) {
      images.add(Files.readAllBytes(f));
    }
    String model = "tflite:" + SharedFiles.model(SharedFiles.V2);
    List<Prediction> xnnpack;
    List<Prediction> builtIn;
    List<Prediction> dl4j;
    try (ImageClassifier classifier = Classifiers.open(model, ClassifierOptions.defaults(cache))) {
      xnnpack = classifyInBatches(classifier, images);
    }
    try (ImageClassifier classifier = TfliteRuntimeClassifier.open(SharedFiles.model(SharedFiles.V2), 1,
        ImageNetLabels.SYNSET::forOutputs, TfliteRuntimeClassifier.Kernels.BUILT_IN)) {
      builtIn = classifyInBatches(classifier, images);
    }
    try (ImageClassifier classifier = Classifiers.open(model + "?engine=dl4j", ClassifierOptions.defaults(cache))) {
      dl4j = classifyInBatches(classifier, images);
    }
    int builtInAgrees = agreeing(files, xnnpack, builtIn, "TensorFlow Lite's built-in kernels");
    int dl4jAgrees = agreeing(files, xnnpack, dl4j, "DL4J");
    log.info("best class as XNNPACK's: DL4J {} of {} images, TensorFlow Lite's built-in kernels {}",
        dl4jAgrees, images.size(), builtInAgrees);
    assertTrue(dl4jAgrees >= builtInAgrees, "DL4J agrees with XNNPACK on " + dl4jAgrees + " images, TensorFlow"
        + " Lite's built-in kernels on " + builtInAgrees);
    assertTrue(dl4jAgrees >= 0.95 * images.size(), dl4jAgrees + " of " + images.size());
    for (int i = 100; i < images.size(); i++) {
      assertEquals(xnnpack.get(i).best().label(), dl4j.get(i).best().label(), files.get(i).toString());
    }
  }

  private static int agreeing(List<Path> files, List<Prediction> reference, List<Prediction> other, String name) {
    int agree = 0;
    for (int i = 0; i < files.size(); i++) {
      if (reference.get(i).best().label().equals(other.get(i).best().label())) {
        agree++;
      } else {
        log.info("{}: {} on XNNPACK, {} on {}", files.get(i).getFileName(), reference.get(i).top5().subList(0, 2),
            other.get(i).top5().subList(0, 2), name);
      }
    }
    return agree;
  }

  @Test
  void anUnknownEngineIsRefusedNamingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifiers.open(
        "tflite:" + SharedFiles.model(SharedFiles.V2) + "?engine=onnx", ClassifierOptions.defaults(cache)));
    assertTrue(e.getMessage().contains("engine=onnx") && e.getMessage().contains("tflite")
        && e.getMessage().contains("dl4j"), e.getMessage());
  }

  @Test
  void theTfliteEngineRunsTfliteFilesOnly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Classifiers.open("zoo:squeezenet?engine=tflite", ClassifierOptions.defaults(cache)));
    assertEquals("engine=tflite runs .tflite files only; zoo: models run on DL4J (drop the engine option)",
        e.getMessage());
  }

  private static List<Prediction> classifyInBatches(ImageClassifier classifier, List<byte[]> images) {
    List<Prediction> out = new ArrayList<>();
    for (int from = 0; from < images.size(); from += 8) {
      out.addAll(classifier.classify(images.subList(from, Math.min(from + 8, images.size()))));
    }
    return out;
  }
}
