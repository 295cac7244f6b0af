package iras.core.job;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import iras.core.settings.Settings;
import org.junit.jupiter.api.Test;

class AnswerKeyTest {
  @Test
  void answersStoredUnderAnotherDistanceForUnknownFacesAreNotReused() {
    Settings unset = Settings.load().with("worker.face-unknown-beyond", "");
    Settings set = Settings.load().with("worker.face-unknown-beyond", "0.55");
    assertNotEquals(AnswerKey.modelIdentity(unset), AnswerKey.modelIdentity(set));
  }
}
