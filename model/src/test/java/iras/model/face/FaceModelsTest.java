package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.ModelUri;
import iras.model.SharedFiles;
import iras.model.image.UndecodableImageException;
import iras.model.source.ModelUnavailableException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceModelsTest {
  @TempDir
  Path temp;

  @Test
  void opensFromAFolderOrAMirrorAndReportsBadImagesPerImage() throws Exception {
    byte[] face = Files.readAllBytes(SharedFiles.faceImages(100).resolve("images/test_03.jpg"));
    byte[] photo = Files.readAllBytes(SharedFiles.photo("grace_hopper.bmp"));
    float[] fromFolder;
    try (FaceDescriber describer = FaceModels.open(ModelUri.parse("face:" + SharedFiles.faceApi()),
        FaceOptions.defaults(temp))) {
      assertEquals("face-api/tiny160+320+608-aligned", describer.modelName());
      List<FaceDescription> results = describer.describe(List.of(face, "not an image".getBytes(), photo));
      assertTrue(results.get(0).ok());
      assertFalse(results.get(0).detected(), "a 64x64 image is a face crop, described whole");
      assertFalse(results.get(1).ok());
      assertTrue(results.get(1).error().contains("not an image"), results.get(1).error());
      assertTrue(results.get(2).detected());
      FaceBox box = results.get(2).face();
      assertTrue(box.x() > 100 && box.x() + box.width() < 420 && box.y() > 100, box.toString());
      fromFolder = results.get(0).descriptor();
      assertThrows(UndecodableImageException.class, () -> describer.describe(new byte[] {1, 2, 3}));
    }
    // The product's default location: the shared models folder as a mirror, with the files in face-api/.
    try (FaceDescriber describer = FaceModels.open(ModelUri.parse("face"),
        FaceOptions.defaults(temp).withMirrors(List.of(SharedFiles.faceApi().getParent().toString())))) {
      // Alone or in a batch, the sums run in another order: the last bits may differ.
      assertTrue(Reference.maxDifference(fromFolder, describer.describe(face).descriptor()) < 1e-5);
    }
    try (FaceDescriber whole = FaceModels.open(ModelUri.parse("face:" + SharedFiles.faceApi() + "?detector=none"),
        FaceOptions.defaults(temp))) {
      FaceDescription d = whole.describe(photo);
      assertFalse(d.detected());
      assertEquals(null, d.face());
      assertNotNull(d.descriptor());
      assertTrue(Reference.maxDifference(fromFolder, whole.describe(face).descriptor()) < 1e-5);
    }
  }

  @Test
  void withoutTheFilesOneLineNamesThemAndWhatToDo() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // A closed port stands for the web out of reach.
    ModelUnavailableException offline = assertThrows(ModelUnavailableException.class, () -> FaceModels.open(
        ModelUri.parse("face"), FaceOptions.defaults(temp.resolve("cache")), "http://127.0.0.1:" + port + "/model/"));
    for (String file : new String[] {"tiny_face_detector_model.bin", "face_landmark_68_model.bin",
        "face_recognition_model.bin", "face_recognition_model-weights_manifest.json", "IRAS_MODEL_MIRROR"}) {
      assertTrue(offline.getMessage().contains(file), offline.getMessage());
    }
    assertFalse(offline.getMessage().contains("\n"));

    Path damaged = temp.resolve("damaged");
    Files.createDirectories(damaged);
    try (var files = Files.list(SharedFiles.faceApi())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, damaged.resolve(file.getFileName()));
      }
    }
    Files.write(damaged.resolve("face_landmark_68_model.bin"), new byte[] {1, 2, 3});
    ModelUnavailableException e = assertThrows(ModelUnavailableException.class, () -> FaceModels.open(
        ModelUri.parse("face:" + damaged), FaceOptions.defaults(temp)));
    assertTrue(e.getMessage().startsWith("face model files face_landmark_68_model.bin are missing or damaged"),
        e.getMessage());
  }

  @Test
  void optionsOutOfRangeAreNamed() {
    for (String bad : new String[] {"face?detector=ssd", "face?align=yes", "face?size=100", "face?size=320,160", "face?score=2",
        "face?whole-below=-1", "face?unknown-beyond=x", "face?unknown-beyond=0"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> FaceModels.settings(ModelUri.parse(bad), Double.NaN));
      assertTrue(e.getMessage().contains(bad.substring(5)), e.getMessage());
    }
  }
}
