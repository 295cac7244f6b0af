package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GalleryTest {

  @Test
  void nearestPersonAndTheNearestOtherOne() {
    Map<String, List<float[]>> people = new LinkedHashMap<>();
    people.put("Ada", List.of(new float[] {0, 0}, new float[] {10, 0}));
    people.put("Bob", List.of(new float[] {0, 3}));
    people.put("Cy", List.of(new float[] {0, 5}));
    Gallery gallery = new Gallery("v1", people);

    GalleryMatch match = gallery.nearest(new float[] {9, 0}).orElseThrow();
    assertEquals("Ada", match.name());
    assertEquals(1.0, match.distance(), 1e-9);
    assertEquals("Bob", match.runnerUp());
    assertEquals(Math.hypot(9, 3), match.runnerUpDistance(), 1e-9);

    GalleryMatch near = gallery.nearest(new float[] {0, 2}).orElseThrow();
    assertEquals("Bob", near.name());
    assertEquals("Ada", near.runnerUp());
    assertEquals(2.0, near.runnerUpDistance(), 1e-9);

    assertTrue(gallery.nearestWithin(new float[] {0, 2}, 1.5).isPresent());
    assertTrue(gallery.nearestWithin(new float[] {0, 2}, 0.5).isEmpty());
    assertEquals(Map.of("Ada", 2, "Bob", 1, "Cy", 1), gallery.people());
    assertEquals("v1", gallery.version());
  }

  @Test
  void oneTwoOrNoPeople() {
    GalleryMatch alone = new Gallery("v", Map.of("Ada", List.of(new float[] {1, 1}))).nearest(new float[] {1, 2})
        .orElseThrow();
    assertNull(alone.runnerUp());
    assertTrue(Double.isNaN(alone.runnerUpDistance()));
    assertTrue(Gallery.empty("v0").nearest(new float[] {1, 2}).isEmpty());
  }

  @Test
  void theGalleryKeepsItsOwnCopies() {
    float[] descriptor = {1, 1};
    Gallery gallery = new Gallery("v", Map.of("Ada", List.of(descriptor)));
    descriptor[0] = 100;
    assertEquals(0.0, gallery.nearest(new float[] {1, 1}).orElseThrow().distance(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> gallery.nearest(new float[] {1, 1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> new Gallery("v", Map.of("Ada", List.of(new float[] {1}), "Bob", List.of(new float[] {1, 2}))));
  }

  @Test
  void aFaceFoundInAPhotoIsComparedWithEachFramingByItsOwnDescriptor() {
    Gallery gallery = new Gallery("v", Map.of("Ada", List.of(new float[] {0, 0})),
        Map.of("Bob", List.of(new float[] {5, 5})));
    FaceBox box = new FaceBox(0, 0, 10, 10, 0.9);
    GalleryMatch found = gallery.nearest(new FaceDescription.Face(new float[] {5, 5}, new float[] {9, 9}, box))
        .orElseThrow();
    assertEquals("Bob", found.name());
    assertEquals(Math.hypot(4, 4), found.distance(), 1e-9, "the framed descriptor against the crops only");
    assertEquals(Math.hypot(5, 5), found.runnerUpDistance(), 1e-9, "the aligned descriptor against the faces only");

    GalleryMatch whole = gallery.nearest(new FaceDescription.Face(new float[] {1, 0}, null, null)).orElseThrow();
    assertEquals("Ada", whole.name(), "an image described whole is compared with every enrolment");
    assertEquals(Map.of("Ada", 1, "Bob", 1), gallery.people());
  }
}
