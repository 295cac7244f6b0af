package iras.model.tfliteruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.Prediction;
import iras.model.SharedFiles;
import iras.model.labels.ImageNetLabels;
import iras.model.source.ModelUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfliteRuntimeClassifierTest {
  private static final List<String> PHOTOS = List.of("cat.bmp", "eagle.jpg", "parrot.jpg", "dog.jpg");

  @Test
  void xnnpackAndTheBuiltInKernelsNameTheSameClassesOfPhotosAndAnUndecodableImageFailsAlone() throws IOException {
    List<byte[]> images = new ArrayList<>();
    for (String p : PHOTOS) {
      images.add(Files.readAllBytes(SharedFiles.photo(p)));
    }
    images.add(2, new byte[] {1, 2, 3});
    Path model = SharedFiles.model(SharedFiles.V2);
    try (TfliteRuntimeClassifier xnnpack = open(model, TfliteRuntimeClassifier.Kernels.XNNPACK);
         TfliteRuntimeClassifier builtIn = open(model, TfliteRuntimeClassifier.Kernels.BUILT_IN)) {
      List<Prediction> a = xnnpack.classify(images);
      List<Prediction> b = builtIn.classify(images);
      assertEquals(List.of("Egyptian cat", "bald eagle", "macaw", "malamute"),
          a.stream().filter(Prediction::ok).map(p -> p.best().label()).toList());
      assertEquals(List.of("Egyptian cat", "bald eagle", "macaw", "malamute"),
          b.stream().filter(Prediction::ok).map(p -> p.best().label()).toList());
      assertFalse(a.get(2).ok());
      assertTrue(a.get(2).error().contains("not an image"), a.get(2).error());
    }
  }

  @Test
  void aFileThatIsNoModelIsRefusedClearly(@TempDir Path temp) throws IOException {
    Path junk = Files.writeString(temp.resolve("junk.tflite"), "not a flatbuffer");
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class,
        () -> open(junk, TfliteRuntimeClassifier.Kernels.XNNPACK));
    assertTrue(e.getMessage().contains("is not a TFLite model"), e.getMessage());
  }

  private static TfliteRuntimeClassifier open(Path model, TfliteRuntimeClassifier.Kernels kernels)
      throws ModelUnavailableException {
    return TfliteRuntimeClassifier.open(model, 1, ImageNetLabels.SYNSET::forOutputs, kernels);
  }
}
