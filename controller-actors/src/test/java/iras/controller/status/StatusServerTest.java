package iras.controller.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.FleetController;
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
import java.time.Instant;
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
  private final ActorTestKit kit = ActorTestKit.create();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private ActorRef<FleetController.Command> controller;
  private StatusServer server;
  private Timeline timeline;

  @BeforeEach
  void start() throws Exception {
    var fleet = new LocalProcessFleet(List.of("bash", "-c", "exec sleep 300"), Map.of(), dir, 20);
    timeline = Timeline.at(dir.resolve("timeline.csv"));
    controller = kit.spawn(FleetController.create(fleet, new ScalingPolicy(10, 0, 5, 2),
        new InstanceActor.Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1)), timeline,
        FleetController.Sensors.none()));
    server = StatusServer.start("127.0.0.1", 0,
        () -> AskPattern.ask(controller, FleetController.GetStatus::new, Duration.ofSeconds(5), kit.scheduler()),
        timeline.file());
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

  @Test
  void statusIsTheFleetAsJson() throws Exception {
    controller.tell(new FleetController.Sample(7, 3, Instant.now()));
    FleetStatus status = null;
    for (int i = 0; i < 100 && (status == null || status.instances().isEmpty()
        || status.instances().get(0).id().equals("-")); i++) {
      Thread.sleep(50);
      HttpResponse<String> r = get("status");
      assertEquals(200, r.statusCode());
      assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
      status = Json.read(r.body(), FleetStatus.class);
    }
    controller.tell(new FleetController.Beat(
        new Heartbeat("app-tier-instance-1", Heartbeat.State.BUSY, 8, 12, Instant.now()), Instant.now()));
    for (int i = 0; i < 100 && status.instances().get(0).state() != InstanceState.BUSY; i++) {
      Thread.sleep(50);
      status = Json.read(get("status").body(), FleetStatus.class);
    }
    assertEquals(new FleetStatus.Queue(7, 3, 10, status.queue().at()), status.queue());
    assertEquals(1, status.desired());
    assertEquals(1, status.actual());
    assertEquals(5, status.max());
    assertEquals(12, status.jobsDone());
    assertEquals("app-tier-instance-1", status.instances().get(0).name());
    assertEquals(InstanceState.BUSY, status.instances().get(0).state());
    assertEquals(8, status.instances().get(0).held());
    assertTrue(status.instances().get(0).id().startsWith("pid "));
  }

  @Test
  void theTimelineIsServedAsCsv() throws Exception {
    controller.tell(new FleetController.Sample(7, 3, Instant.now()));
    String csv = "";
    for (int i = 0; i < 100 && !csv.contains(",launch,app-tier-instance-1,7,3,1,"); i++) {
      Thread.sleep(50);
      csv = get("timeline.csv").body();
    }
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
