package iras.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void overridesReachTheEnvironmentOfChildProcesses() {
    Settings s =
        Settings.load()
            .with(Map.of("deployment", "demo", "cloud.s3-endpoint", "http://127.0.0.1:9000", "worker.threads", 2));
    assertEquals("demo", s.deployment());
    assertEquals(URI.create("http://127.0.0.1:9000"), s.s3Endpoint().orElseThrow());
    Map<String, String> env = s.asEnvironment();
    assertEquals("demo", env.get("IRAS_DEPLOYMENT"));
    assertEquals("http://127.0.0.1:9000", env.get("IRAS_S3_ENDPOINT"));
    assertEquals("2", env.get("IRAS_WORKER_THREADS"));
  }

  @Test
  void queueSettingsReachChildProcessesSoTheyCreateTheSameQueues() {
    Map<String, String> env =
        Settings.load().with(Map.of("queue.visibility-timeout", "10s", "queue.max-receive-count", 5)).asEnvironment();
    assertEquals("10s", env.get("IRAS_QUEUE_VISIBILITY_TIMEOUT"));
    assertEquals("5", env.get("IRAS_QUEUE_MAX_RECEIVE_COUNT"));
  }

  @Test
  void aDeploymentsDistanceForUnknownFacesReachesItsWorkersAndMustBeADistance() {
    assertTrue(Settings.load().with("worker.face-unknown-beyond", "").faceUnknownBeyond().isEmpty());
    Settings set = Settings.load().with("worker.face-unknown-beyond", "0.55");
    assertEquals(0.55, set.faceUnknownBeyond().getAsDouble(), 1e-12);
    assertEquals("0.55", set.asEnvironment().get("IRAS_FACE_UNKNOWN_BEYOND"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.load().with("worker.face-unknown-beyond", "near").faceUnknownBeyond());
    assertTrue(e.getMessage().contains("IRAS_FACE_UNKNOWN_BEYOND=near"), e.getMessage());
  }

  @Test
  void anOptionNotGivenLeavesTheSettingAsConfigured() {
    Settings base = Settings.load().with("web.port", 9100);
    assertEquals(9100, base.withGiven("web.port", null).webPort());
    assertEquals(9200, base.withGiven("web.port", 9200).webPort());
  }

  @Test
  void emptyEndpointsMeanTheRealCloud() {
    Settings s = Settings.load().with(Map.of("cloud.s3-endpoint", "", "cloud.sqs-endpoint", " "));
    assertTrue(s.s3Endpoint().isEmpty());
    assertTrue(s.sqsEndpoint().isEmpty());
  }
}
