package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.ClassifierOptions;
import iras.model.ModelUri;
import iras.model.catalog.Classifiers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaceUriTest {

  @Test
  void faceNeedsNoLocationAndReadsBackAsWritten() {
    for (String text : new String[] {"face", "face?detector=none&align=false", "face:weights/face-api",
        "face:weights/face-api?size=224&score=0.3"}) {
      ModelUri uri = ModelUri.parse(text);
      assertEquals("face", uri.source());
      assertEquals(text, uri.toString());
    }
    assertEquals("", ModelUri.parse("face?align=false").location());
    assertEquals(Map.of("align", "false"), ModelUri.parse("face?align=false").options());
    assertEquals("weights/face-api", ModelUri.parse("face:weights/face-api?size=224").location());
  }

  @Test
  void otherSourcesStillNeedALocationAndMistakesAreNamed() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("zoo:"))
        .getMessage().contains("no location"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("faces"))
        .getMessage().contains("face[:<weights folder>]"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelUri.parse("face?detectr=none"))
        .getMessage().contains("detectr=none"));
  }

  @Test
  void theClassifierCatalogSendsFacesElsewhere() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Classifiers.open("face", ClassifierOptions.defaults(Path.of("unused"))));
    assertTrue(e.getMessage().contains("FaceModels"), e.getMessage());
  }
}
