package iras.web.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import iras.core.job.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicStatusTest {

  @Test
  void theFleetStatusNamesInstancesAndStatesButNoPathsOrProcessIds() {
    String controller = """
        {"fleet":"local processes","at":"2026-01-01T00:00:00Z","queue":{"visible":3,"inFlight":1},
         "desired":2,"actual":2,"min":0,"max":4,"jobsDone":17,
         "instances":[{"name":"app-tier-instance-1","id":"pid 4242","state":"BUSY","held":1,"jobsDone":9}],
         "recentlyGone":[{"name":"app-tier-instance-2","id":"pid 4243","state":"FAILED",
           "reason":"process 4243 exited with 137 (log: /srv/iras/data/logs/worker-2.log)"},
          {"name":"app-tier-instance-3","id":"i-0abc123","state":"FAILED",
           "reason":"launch failed: cannot read /srv/iras/data/models/x.tflite; instance i-0abc123 is gone"}],
         "events":[{"at":"2026-01-01T00:00:00Z","event":"launch","instance":"app-tier-instance-1"}],
         "timeline":"/srv/iras/data/timeline.csv"}""";
    Map<String, Object> shown = PublicStatus.of(Json.read(controller, Map.class));
    String text = Json.write(shown);

    for (String secret : new String[] {"4242", "4243", "/srv", "worker-2.log", "i-0abc123", "timeline", "\"id\""}) {
      assertFalse(text.contains(secret), secret + " in " + text);
    }
    assertEquals(Map.of("name", "app-tier-instance-1", "state", "BUSY", "held", 1, "jobsDone", 9),
        ((List<?>) shown.get("instances")).get(0), "names, states and counts stay");
    String gone = Json.write(shown.get("recentlyGone"));
    assertFalse(gone.contains("pid"), gone);
    assertEquals(17, shown.get("jobsDone"));
    assertEquals("process exited with 137", PublicStatus.scrub("process 4243 exited with 137 (log: /a/b/c.log)"));
    assertEquals("launch failed: cannot read …; instance is gone",
        PublicStatus.scrub("launch failed: cannot read /srv/iras/x.tflite; instance i-0abc123 is gone"));
  }
}
