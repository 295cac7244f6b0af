package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The pipeline against the reference implementation's outputs for the ten course faces and two photos. */
class ReferenceEquivalenceTest {
  private static final List<String> FACES = List.of("test_00.jpg", "test_01.jpg", "test_02.jpg", "test_03.jpg",
      "test_04.jpg", "test_05.jpg", "test_06.jpg", "test_07.jpg", "test_08.jpg", "test_09.jpg");
  private static final List<String> PHOTOS = List.of("grace_hopper.bmp", "cat.bmp");
  /** The reference's detections and pipeline were made at input 160 with score threshold 0.3. */
  private static final double REFERENCE_SCORE = 0.3;

  @Test
  void wholeImageDescriptorsOfTheTenFaces() throws Exception {
    List<FacePipeline.Analysis> analyses = SharedNets.pipeline(false, false, 160, 0.5).analyse(images(FACES));
    double worst = 0;
    for (int i = 0; i < FACES.size(); i++) {
      float[] expected = Reference.floats(Reference.image(FACES.get(i)).path("wholeImageDescriptor"));
      assertNull(analyses.get(i).face());
      worst = Math.max(worst, Reference.maxDifference(expected, analyses.get(i).descriptor()));
    }
    System.out.printf("whole-image descriptors of the ten faces: max |difference| %.2e%n", worst);
    assertTrue(worst < 2e-3, "max difference " + worst);
  }

  @Test
  void detectorBoxesAtInput160() throws Exception {
    List<String> names = new ArrayList<>(FACES);
    names.addAll(PHOTOS);
    List<FacePipeline.Analysis> analyses = SharedNets.pipeline(true, false, 160, REFERENCE_SCORE)
        .analyse(images(names));
    double worstIou = 1;
    double worstScore = 0;
    for (int i = 0; i < names.size(); i++) {
      JsonNode detections = Reference.image(names.get(i)).path("tinyFaceDetector160");
      FaceBox found = analyses.get(i).face();
      if (detections.isEmpty()) {
        assertNull(found, names.get(i));
        continue;
      }
      FaceBox best = Reference.box(detections.get(0));
      for (JsonNode d : detections) {
        best = Reference.box(d).score() > best.score() ? Reference.box(d) : best;
      }
      assertNotNull(found, names.get(i) + ": no face where the reference finds " + best);
      worstIou = Math.min(worstIou, found.iou(best));
      worstScore = Math.max(worstScore, Math.abs(found.score() - best.score()));
      assertTrue(found.iou(best) >= 0.9, names.get(i) + ": " + found + " against " + best);
    }
    System.out.printf("detector at 160: least IoU %.4f, max |score difference| %.4f%n", worstIou, worstScore);
  }

  @Test
  void landmarksAndAlignedDescriptorsAsTheReferencePipeline() throws Exception {
    List<String> names = new ArrayList<>(FACES);
    names.addAll(PHOTOS);
    List<FacePipeline.Analysis> analyses = SharedNets.pipeline(true, true, 160, REFERENCE_SCORE)
        .analyse(images(names));
    double worstPoint = 0;
    double worstComponent = 0;
    double worstDistance = 0;
    for (int i = 0; i < names.size(); i++) {
      JsonNode pipeline = Reference.image(names.get(i)).path("pipeline");
      FacePipeline.Analysis a = analyses.get(i);
      assertNotNull(a.landmarks(), names.get(i));
      JsonNode points = pipeline.path("landmarks68");
      for (int j = 0; j < points.size(); j++) {
        worstPoint = Math.max(worstPoint, Math.hypot(a.landmarks()[2 * j] - points.get(j).get(0).asDouble(),
            a.landmarks()[2 * j + 1] - points.get(j).get(1).asDouble()));
      }
      float[] expected = Reference.floats(pipeline.path("descriptor"));
      worstComponent = Math.max(worstComponent, Reference.maxDifference(expected, a.descriptor()));
      worstDistance = Math.max(worstDistance, distance(expected, a.descriptor()));
    }
    System.out.printf("pipeline: landmarks within %.3f px, descriptors within %.2e per component"
        + " (Euclidean %.4f)%n", worstPoint, worstComponent, worstDistance);
    // The reference rounds points to 0.01 px and descriptors to 1e-6.
    assertTrue(worstPoint < 0.05, "landmark off by " + worstPoint + " px");
    assertTrue(worstComponent < 1e-4, "descriptor component off by " + worstComponent);
  }

  static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(sum);
  }

  static List<RgbImage> images(List<String> names) throws Exception {
    List<RgbImage> images = new ArrayList<>();
    for (String name : names) {
      Path file = name.startsWith("test_") ? SharedFiles.faceImages(100).resolve("images").resolve(name)
          : SharedFiles.photo(name);
      images.add(RgbImage.decode(Files.readAllBytes(file)));
    }
    return images;
  }
}
