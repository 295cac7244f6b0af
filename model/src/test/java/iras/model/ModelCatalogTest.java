package iras.model;

import iras.model.catalog.Classifiers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.source.ModelUnavailableException;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models of every source open through the one catalog and classify the same way. */
class ModelCatalogTest {
  private static final Path FACES = SharedFiles.root().resolve("models/face-classification");

  @TempDir Path temp;

  @Test
  void kerasFaceClassifiersImportWithTheirLabelSets() throws Exception {
    List<byte[]> faces = List.of(
        Files.readAllBytes(SharedFiles.root().resolve("data/face_images_100/images/test_00.jpg")),
        Files.readAllBytes(SharedFiles.root().resolve("data/face_images_100/images/test_01.jpg")));
    try (ImageClassifier gender =
             open("keras:" + FACES.resolve("gender_mini_XCEPTION.21-0.95.hdf5") + "?labels=gender");
         ImageClassifier emotion = open("keras:" + FACES.resolve("fer2013_mini_XCEPTION.102-0.66.hdf5")
             + "?labels=fer2013")) {
      assertEquals("gender_mini_XCEPTION.21-0.95", gender.modelName());
      for (Prediction p : gender.classify(faces)) {
        assertEquals(2, p.top5().size(), "a guess per output");
        assertTrue(Set.of("woman", "man").contains(p.best().label()), p.best().label());
        assertEquals(1.0, p.top5().stream().mapToDouble(Guess::confidence).sum(), 1e-3, "softmax");
      }
      for (Prediction p : emotion.classify(faces)) {
        assertTrue(Set.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")
            .contains(p.best().label()), p.best().label());
      }
    }
  }

  @Test
  void aModelWithoutImageNetsOutputsMustNameItsLabels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> open("keras:" + FACES.resolve("gender_mini_XCEPTION.21-0.95.hdf5")));
    assertTrue(e.getMessage().contains("2 outputs") && e.getMessage().contains("?labels="), e.getMessage());
  }

  @Test
  void untrainedZooNetworkClassifiesWithImageNetLabels() throws Exception {
    try (ImageClassifier squeezenet = open("zoo:squeezenet?weights=random&labels=simple")) {
      assertEquals("squeezenet-untrained", squeezenet.modelName());
      Prediction p = squeezenet.classify(List.of(Files.readAllBytes(SharedFiles.photo("dog.jpg")))).get(0);
      assertEquals(5, p.top5().size());
    }
  }

  @Test
  void pretrainedZooWeightsThatCannotBeFetchedNameTheFileToSupply() throws Exception {
    String baseUrl = DL4JResources.getBaseDownloadURL();
    DL4JResources.setBaseDirectory(temp.toFile());
    DL4JResources.setBaseDownloadURL("http://127.0.0.1:" + closedPort() + "/");
    try {
      ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> open("zoo:squeezenet"));
      File expected = new File(temp.toFile(), "models/squeezenet/squeezenet_dl4j_inference.v2.zip");
      assertTrue(e.getMessage().contains(expected.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("zoo:squeezenet?weights=random"), e.getMessage());
    } finally {
      DL4JResources.setBaseDownloadURL(baseUrl);
      DL4JResources.resetBaseDirectoryLocation();
    }
  }

  @Test
  void networkSavedByDl4jOpensWithItsInputGivenInTheUri() throws Exception {
    Path zip = temp.resolve("squeezenet.zip");
    ComputationGraph net = SqueezeNet.builder().numClasses(1000).build().init();
    ModelSerializer.writeModel(net, zip.toFile(), false);
    net.close();
    try (ImageClassifier saved = open("dl4j:" + zip + "?input=227x227x3&pixels=caffe")) {
      assertEquals("squeezenet", saved.modelName());
      assertEquals(5, saved.classify(List.of(Files.readAllBytes(SharedFiles.photo("cat.bmp")))).get(0).top5().size());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("dl4j:" + zip));
    assertTrue(e.getMessage().contains("?input="), e.getMessage());
  }

  @Test
  void uriMistakesAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("onnx:model.onnx"))
        .getMessage().contains("tflite:"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("zoo:resnet50?weigths=random"))
        .getMessage().contains("weigths=random"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> open("zoo:alexnet"))
        .getMessage().contains("resnet50, squeezenet, vgg16, darknet19"));
    ModelUri uri = ModelUri.parse("keras:faces/gender.h5?labels=gender&pixels=signed");
    assertEquals("keras", uri.source());
    assertEquals("faces/gender.h5", uri.location());
    assertEquals("gender", uri.option("labels").orElseThrow());
    assertEquals("keras:/models/gender.h5?labels=gender&pixels=signed", uri.withLocation("/models/gender.h5").toString());
  }

  private ImageClassifier open(String uri) throws IOException {
    return Classifiers.open(uri, ClassifierOptions.defaults(temp.resolve("cache")));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
