package iras.controller.status;

import iras.controller.sensing.Sensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.FleetController;
import iras.controller.TestTime;
import iras.controller.fleet.LocalProcessFleet;
import iras.controller.instance.InstanceActor;
import iras.controller.instance.InstanceState;
import iras.controller.scaling.ScalingPolicy;
import iras.core.fleet.Heartbeat;
import iras.core.job.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status endpoint over real HTTP, in front of a controller running one real (sleeping) process. */
class StatusServerTest {
  private final TestTime time = TestTime.kit();
  private final ActorTestKit kit = time.testKit();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private ActorRef<FleetController.Command> controller;
  private StatusServer server;
  private Timeline timeline;
  private final FleetMetrics metrics = new FleetMetrics();

  @BeforeEach
  void start() throws Exception {
    var fleet = new LocalProcessFleet(List.of("bash", "-c", "exec sleep 300"), Map.of(), dir, 20);
    timeline = Timeline.at(dir.resolve("timeline.csv"));
    controller = kit.spawn(FleetController.create(fleet, new ScalingPolicy(10, 0, 5, 2),
        new InstanceActor.Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1)), timeline,
        Sensors.none(), metrics, time));
    server = StatusServer.start("127.0.0.1", 0,
        () -> AskPattern.ask(controller, FleetController.GetStatus::new, Duration.ofSeconds(5), kit.scheduler()),
        timeline.file(), metrics.registry());
  }

  @AfterEach
  void stop() {
    server.close();
    TestProbe<FleetController.Done> done = kit.createTestProbe();
    controller.tell(new FleetController.Shutdown(done.getRef()));
    done.expectMessage(Duration.ofSeconds(40), FleetController.Done.INSTANCE);
    kit.shutdownTestKit();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> getOk(String path) {
    try {
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), r::body);
      return r;
    } catch (Exception e) {
      throw new AssertionError(path + " did not answer", e);
    }
  }

  /** The status once it satisfies {@code condition}; the instance's process starts on its own time. */
  private FleetStatus awaitStatus(String what, java.util.function.Predicate<FleetStatus> condition) {
    return time.eventually(() -> {
      HttpResponse<String> r = getOk("status");
      assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      FleetStatus status = Json.read(r.body(), FleetStatus.class);
      assertTrue(condition.test(status), () -> "not yet " + what + ": " + r.body());
      return status;
    });
  }

  private void busyInstanceReportingTwoPasses() {
    controller.tell(new FleetController.Sample(7, 3, time.instant()));
    awaitStatus("launched", s -> !s.instances().isEmpty() && !s.instances().get(0).id().equals("-"));
    controller.tell(new FleetController.Beat(new Heartbeat("app-tier-instance-1", Heartbeat.State.BUSY, 8, 12,
        time.instant(), List.of(new Heartbeat.Pass(8, 0.4, 0.38), new Heartbeat.Pass(1, 0.03, 0.03))), time.instant()));
  }

  @Test
  void statusIsTheFleetAsJson() {
    busyInstanceReportingTwoPasses();
    FleetStatus status = awaitStatus("busy", s -> s.instances().get(0).state() == InstanceState.BUSY);
    assertEquals(new FleetStatus.Queue(7, 3, 10, status.queue().at()), status.queue());
    assertEquals(1, status.desired());
    assertEquals(1, status.actual());
    assertEquals(5, status.max());
    assertEquals(12, status.jobsDone());
    assertEquals("app-tier-instance-1", status.instances().get(0).name());
    assertEquals(InstanceState.BUSY, status.instances().get(0).state());
    assertEquals(8, status.instances().get(0).held());
    assertTrue(status.instances().get(0).id().startsWith("pid "));
    assertEquals(List.of("ready", "launch"), status.events().stream().map(FleetStatus.Event::event).toList());
    assertEquals("app-tier-instance-1", status.events().get(0).instance());
  }

  @Test
  void metricsAreTheFleetTheQueueAndTheWorkersPassesInPrometheusText() {
    busyInstanceReportingTwoPasses();
    awaitStatus("busy", s -> s.instances().get(0).state() == InstanceState.BUSY);
    HttpResponse<String> r = getOk("metrics");
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    List<String> lines = r.body().lines().toList();
    for (String expected : List.of("iras_fleet_instances_desired 1.0", "iras_fleet_instances_actual 1.0",
        "iras_fleet_instances{state=\"BUSY\"} 1.0", "iras_fleet_instances{state=\"LAUNCHING\"} 0.0",
        "iras_fleet_scale_events_total{event=\"launch\"} 1.0", "iras_fleet_scale_events_total{event=\"ready\"} 1.0",
        "iras_request_queue_visible 7.0", "iras_request_queue_in_flight 3.0",
        "# TYPE iras_worker_inference_seconds histogram", "iras_worker_inference_seconds_bucket{le=\"0.05\"} 1",
        "iras_worker_inference_seconds_bucket{le=\"0.5\"} 2", "iras_worker_inference_seconds_count 2",
        "iras_worker_batch_images_bucket{le=\"1.0\"} 1", "iras_worker_batch_images_bucket{le=\"8.0\"} 2",
        "iras_worker_batch_images_sum 9.0")) {
      assertTrue(lines.contains(expected), () -> "no line " + expected + " in\n" + r.body());
    }
  }

  @Test
  void theTimelineIsServedAsCsv() {
    controller.tell(new FleetController.Sample(7, 3, time.instant()));
    String csv = time.eventually(() -> {
      String body = getOk("timeline.csv").body();
      assertTrue(body.contains(",launch,app-tier-instance-1,7,3,1,"), body);
      return body;
    });
    assertTrue(csv.startsWith(Timeline.HEADER + "\n"), csv);
    assertTrue(csv.contains(",launch,app-tier-instance-1,7,3,1,1,1,0,0\n"), csv);
  }

  @Test
  void itIsReadOnlyAndSaysWhereToLook() throws Exception {
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "status"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> unknown = get("fleet");
    assertEquals(404, unknown.statusCode());
    assertTrue(unknown.body().contains("GET /status"), unknown.body());
  }
}
