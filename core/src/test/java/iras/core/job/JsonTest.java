package iras.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.fleet.Heartbeat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  private final ImageJob job =
      new ImageJob("id-1", "test_00.jpg", "in", "images/id-1", Instant.parse("2026-11-23T07:00:00Z"));

  @Test
  void jobsAndResultsSurviveTheWire() {
    assertEquals(job, Json.read(Json.write(job), ImageJob.class));
    ImageResult ok = ImageResult.success(job, List.of(new Guess("Paul", 0.9), new Guess("Ringo", 0.1)), "m", "i", 42);
    assertEquals(ok, Json.read(Json.write(ok), ImageResult.class));
    assertEquals("Paul", ok.label());
    ImageResult failed = ImageResult.failure(job, "cannot decode", "i");
    assertEquals(failed, Json.read(Json.writeBytes(failed), ImageResult.class));
    assertTrue(failed.failed());
    assertFalse(Json.write(failed).contains("label"), "absent fields are left out");
  }

  @Test
  void theCourseNameIsTheFileNameWithoutExtension() {
    assertEquals("test_00", job.baseName());
    assertEquals("README", new ImageJob("x", "README", "b", "k", Instant.EPOCH).baseName());
    assertEquals(".hidden", new ImageJob("x", ".hidden", "b", "k", Instant.EPOCH).baseName());
  }

  @Test
  void aBodyThatIsNotAJobIsMalformed() {
    var e = assertThrows(Json.MalformedMessageException.class, () -> Json.read("{not json", ImageJob.class));
    assertTrue(e.getMessage().startsWith("not a valid ImageJob"), e.getMessage());
  }

  @Test
  void heartbeatsCarryTheirForwardPassesAndOlderOnesReadWithNone() {
    Heartbeat beat = new Heartbeat("app-tier-instance-1", Heartbeat.State.BUSY, 4, 12, Instant.EPOCH,
        List.of(new Heartbeat.Pass(4, 0.25, 0.2), new Heartbeat.Pass(1, 0.07, 0.07)));
    assertEquals(beat, Json.read(Json.write(beat), Heartbeat.class));
    Heartbeat older = Json.read(
        "{\"instance\":\"app-tier-instance-1\",\"state\":\"IDLE\",\"held\":0,\"jobsDone\":3,"
            + "\"at\":\"1970-01-01T00:00:00Z\"}", Heartbeat.class);
    assertEquals(new Heartbeat("app-tier-instance-1", Heartbeat.State.IDLE, 0, 3, Instant.EPOCH), older);
    assertEquals(List.of(), older.passes());
  }
}
