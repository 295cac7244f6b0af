package iras.app.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {
  @TempDir Path dir;
  private static final long S = 1_000_000_000L;

  @Test
  void countsCorrectWrongAndFailedAnswersAndTheCourseAverage() throws IOException {
    ExpectedLabels expected =
        ExpectedLabels.fromCsv(Files.writeString(dir.resolve("e.csv"), "Image,Results\na,Paul\nb,Emily\nc,Bob\nd,Ana\n"));
    List<Outcome> outcomes = List.of(
        new Outcome("a", 200, "a:Paul", 0, 1 * S),
        new Outcome("b", 200, "b:Paul", 0, 2 * S),
        new Outcome("c", 504, "no result", 0, 3 * S),
        new Outcome("d", 0, "cannot connect", S, 4 * S));
    LoadReport r = LoadReport.of(outcomes, Optional.of(expected), false);
    assertEquals(4, r.sent());
    assertEquals(2, r.answered());
    assertEquals(1, r.correct());
    assertEquals(1, r.wrong());
    assertEquals(2, r.failed());
    assertEquals(4.0, r.totalSeconds(), 1e-9);
    assertEquals(1.0, r.averageLatency(), 1e-9, "total time / requests");
    assertEquals(3, r.problems().size());
    assertTrue(r.problems().get(0).contains("expected 'b:Emily'"), r.problems().get(0));
    assertFalse(r.allAnsweredAndCorrect());
  }

  @Test
  void bareLabelsAreTheOlderClientsContract() throws IOException {
    ExpectedLabels expected = ExpectedLabels.fromCsv(Files.writeString(dir.resolve("e.csv"), "a.jpg,Paul\n"));
    LoadReport r = LoadReport.of(List.of(new Outcome("a", 200, "Paul", 0, S)), Optional.of(expected), true);
    assertEquals(1, r.correct());
    assertTrue(r.allAnsweredAndCorrect());
  }

  @Test
  void withoutExpectedLabelsCorrectnessIsNotClaimed() {
    LoadReport r = LoadReport.of(List.of(new Outcome("a", 200, "a:cat", 0, S)), Optional.empty(), false);
    assertNull(r.correct());
    assertTrue(r.summary().contains("correct n/a"), r.summary());
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertEquals(50, LoadReport.percentile(sorted, 0.50));
    assertEquals(95, LoadReport.percentile(sorted, 0.95));
    assertEquals(99, LoadReport.percentile(sorted, 0.99));
    assertEquals(7, LoadReport.percentile(new double[] {7}, 0.99));
  }
}
