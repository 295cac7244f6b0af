package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.SharedFiles;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every forward pass runs in its thread's workspace: analysing photos again reuses the memory the first analysis
 * sized, where passes outside it left off-heap garbage that only a collection gave back, and the answers stay the
 * same.
 */
class FacePassesReuseTheirWorkspaceTest {

  @Test
  void photosAnalysedAgainUseNoMoreMemoryAndGetTheSameFaces() throws Exception {
    FacePipeline pipeline = SharedNets.pipeline(true, true, 320, 0.5);
    // Three photos in one batch, one with two faces: the detector runs on each, the other nets on all their faces.
    List<RgbImage> photos = List.of(
        photo("gallery/barack_obama__examples_knn_examples_test_obama1.jpg"),
        photo("queries/barack_obama__examples_knn_examples_test_obama_and_biden_crop.jpg"),
        photo("gallery/joe_biden__examples_knn_examples_train_biden_biden2.jpg"));
    List<FacePipeline.Analysis> first = pipeline.analyse(photos);
    pipeline.analyse(photos);
    MemoryWorkspace passes = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(FacePipeline.PASSES_ID);
    long sized = passes.getCurrentSize();
    assertTrue(passes.getMaxCycleAllocations() > 0, "the passes allocated nothing in the workspace");
    assertTrue(sized >= passes.getMaxCycleAllocations(), "the workspace is smaller than its largest pass");

    for (int round = 0; round < 3; round++) {
      List<FacePipeline.Analysis> again = pipeline.analyse(photos);
      assertEquals(sized, passes.getCurrentSize(), "the workspace grew on round " + round);
      for (int i = 0; i < photos.size(); i++) {
        assertEquals(first.get(i).faces().size(), again.get(i).faces().size());
        for (int f = 0; f < first.get(i).faces().size(); f++) {
          assertArrayEquals(first.get(i).faces().get(f).descriptor(), again.get(i).faces().get(f).descriptor());
        }
      }
    }
  }

  private static RgbImage photo(String file) throws Exception {
    return RgbImage.decode(Files.readAllBytes(SharedFiles.facePhotos().resolve(file)));
  }
}
