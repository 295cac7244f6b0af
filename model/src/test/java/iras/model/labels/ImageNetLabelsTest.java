package iras.model.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNetLabelsTest {

  @Test
  void synsetLabelsUseTheFirstNameAndPutBackgroundFirstForTfliteModels() {
    List<String> labels = ImageNetLabels.SYNSET.forOutputs(1001);
    assertEquals(1001, labels.size());
    assertEquals("background", labels.get(0));
    assertEquals("tench", labels.get(1));
    assertEquals("tabby", labels.get(282));
    assertEquals("Egyptian cat", labels.get(286));
    assertEquals("toilet tissue", labels.get(1000));
  }

  @Test
  void simpleLabelsAreTheCourseNamesShiftedPastBackground() {
    List<String> labels = ImageNetLabels.SIMPLE.forOutputs(1001);
    assertEquals("background", labels.get(0));
    assertEquals("tench", labels.get(1));
    assertEquals("Egyptian Mau", labels.get(286));
  }

  @Test
  void thousandOutputModelsHaveNoBackgroundClass() {
    assertEquals("Egyptian cat", ImageNetLabels.SYNSET.forOutputs(1000).get(285));
    assertEquals("Egyptian Mau", ImageNetLabels.SIMPLE.forOutputs(1000).get(285));
  }

  @Test
  void everySynsetLabelIsASingleName() {
    for (String label : ImageNetLabels.SYNSET.forOutputs(1000)) {
      assertFalse(label.isBlank() || label.contains(","), label);
    }
  }

  @Test
  void otherOutputCountsAreNotImageNet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageNetLabels.SYNSET.forOutputs(10));
    assertTrue(e.getMessage().contains("10 outputs"), e.getMessage());
  }
}
