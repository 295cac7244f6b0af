package iras.web.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PersonNamesTest {

  @Test
  void peoplesNamesInAnyScriptAreTakenAsSent() throws RejectedUpload {
    for (String name : new String[] {"Paul", "Zoë O'Brien-Smith Jr.", "José María", "Nguyễn Văn An", "山田 太郎",
        "Zoe\u0308", "Louis XIV", "R2-D2", "'Abd al-Rahman"}) {
      assertEquals(name, PersonNames.check(" " + name + " "));
    }
  }

  @Test
  void markupPathsEscapesAndFormulasAreRefusedWithTheRule() {
    for (String name : new String[] {"<img src=x onerror=alert(1)>", "a/b", "a\\b", "%2e%2e", "Paul;", "a\"b",
        "Paul & Emily", "x_y"}) {
      RejectedUpload r = assertThrows(RejectedUpload.class, () -> PersonNames.check(name), name);
      assertEquals(400, r.status());
      assertTrue(r.getMessage().contains("letters, digits, spaces and - ' . only"), r.getMessage());
    }
    for (String name : new String[] {"=1+1", "+1", "-1", "@A1"}) {
      RejectedUpload r = assertThrows(RejectedUpload.class, () -> PersonNames.check(name), name);
      assertTrue(r.getMessage().contains("takes for a formula"), r.getMessage());
    }
    for (String name : new String[] {"..", ".", "' - '"}) {
      RejectedUpload r = assertThrows(RejectedUpload.class, () -> PersonNames.check(name), name);
      assertTrue(r.getMessage().contains("no letter or digit"), r.getMessage());
    }
  }
}
