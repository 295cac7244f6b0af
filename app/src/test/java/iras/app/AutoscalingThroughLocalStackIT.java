package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import iras.controller.status.FleetStatus;
import iras.controller.status.Timeline;
import iras.core.settings.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller against the local stack with real worker processes (the small MobileNet, so a worker starts in
 * seconds): no worker at rest, a burst of 100 uploads scales the fleet out on the next sample, every upload is
 * answered, and the fleet is back to none within 2 s of the queue draining; the timeline CSV records it all. A
 * stopped worker's process stays resident, and the next burst wakes it rather than starting a JVM.
 * The first case's stack, left at rest, serves the bursts of the resident workers' case, which needs the same settings
 * and runs right after it; the first case runs first, as it must see a controller that has never launched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalingThroughLocalStackIT {
  private static final Logger log = LoggerFactory.getLogger(AutoscalingThroughLocalStackIT.class);
  /** The bounds; asserted with this margin for a loaded machine, and the measured figures are logged. */
  private static final Duration BOUND = Duration.ofSeconds(2);
  private static final Duration MARGIN = Duration.ofSeconds(2);

  @TempDir Path dataDir;
  @TempDir static Path autoDataDir;
  /** The stack of the first case once it has passed, at rest; null until then. */
  private static LocalStack atRest;

  @AfterAll
  static void stopAtRest() {
    if (atRest != null) {
      atRest.close();
    }
  }

  private static Settings settings(Path dataDir, Object maxInstances) {
    return TestStack.settings(dataDir, 0, TestStack.SMALL_MODEL).with(Map.of(
        "controller.max-instances", maxInstances,
        // Bursts repeat the same images: each must reach a worker for the fleet to scale.
        "reuse-answers", false,
        // A killed worker's requests come back after this, not after the default minute.
        "queue.visibility-timeout", "10s"));
  }

  @Test
  @Order(1)
  void aBurstScalesOutFromNoneAndBackToNoneWithEveryUploadAnswered() throws Exception {
    LocalStack stack = LocalStack.start(settings(autoDataDir, "auto"));
    try {
      int expected = stack.autoscaler().policy().target(100);
      log.info("policy for 100 jobs on this machine: {} instance(s) (cap {})", expected,
          stack.autoscaler().policy().max());
      assertAtRest(stack);

      Instant burst = Instant.now();
      List<HttpResponse<String>> answers = burst(stack, Reference.images(TestStack.IMAGENET_100));
      Instant answered = Instant.now();
      answers.forEach(r -> assertTrue(r.statusCode() == 200 && r.body().matches("test_\\d+:.+"), r::body));

      FleetStatus rest = awaitNoInstances(stack);
      List<Row> timeline = Row.read(stack.autoscaler().timeline().file());
      Instant outAt = nth(timeline, "launch", expected);
      log.info("scale-out: {} launched {} ms after the burst began; ready {}", expected,
          Duration.between(burst, outAt).toMillis(), readiness(timeline));
      assertTrue(Duration.between(burst, outAt).compareTo(BOUND.plus(MARGIN)) <= 0,
          "launched within 2 s of the burst (measured " + Duration.between(burst, outAt).toMillis() + " ms)");
      assertEquals(expected, timeline.stream().mapToInt(Row::live).max().orElse(0));

      Instant lastStop = last(timeline, "stop");
      log.info("scale-in: last stop {} ms after the last answer; last exit {} ms after it", Duration.between(
          answered, lastStop).toMillis(), Duration.between(answered, last(timeline, "stopped")).toMillis());
      assertTrue(Duration.between(answered, lastStop).compareTo(BOUND.plus(MARGIN)) <= 0,
          "stopped within 2 s of the queue draining (measured " + Duration.between(answered, lastStop).toMillis()
              + " ms)");
      assertEquals(100, rest.jobsDone(), "every result counted in the heartbeats");
      assertTrue(rest.recentlyGone().stream().allMatch(v -> v.state() == InstanceState.STOPPED), rest::toString);
      atRest = stack;
    } finally {
      if (atRest != stack) {
        stack.close();
      }
    }
  }

  @Test
  @Order(3)
  void theCapHoldsAndAWorkerKilledMidBurstIsReplacedWithNoJobLost() throws Exception {
    try (LocalStack stack = LocalStack.start(settings(dataDir, 3))) {
      assertEquals(3, stack.autoscaler().policy().target(100));
      HttpClient http = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = send(http, stack, Reference.images(TestStack.IMAGENET_100));

      InstanceView victim = awaitBusy(stack);
      long pid = Long.parseLong(victim.id().replace("pid ", ""));
      log.info("killing {} (process {}) while it holds {} request(s)", victim.name(), pid, victim.held());
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();

      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> r = call.get(5, TimeUnit.MINUTES);
        assertTrue(r.statusCode() == 200 && r.body().matches("test_\\d+:.+"), r::body);
      }
      awaitNoInstances(stack);
      List<Row> timeline = Row.read(stack.autoscaler().timeline().file());
      assertTrue(timeline.stream().allMatch(r -> r.live() <= 3), "never more than 3 instances");
      Row failed = timeline.stream().filter(r -> r.event().equals("failed")).findFirst().orElseThrow();
      assertEquals(victim.name(), failed.instance());
      assertTrue(timeline.stream().anyMatch(r -> r.event().equals("launch") && r.instance().equals(victim.name())
          && r.at().isAfter(failed.at())), "the killed worker was replaced");
    }
  }

  @Test
  @Order(2)
  void aStoppedWorkerStaysResidentAndServesTheNextBurstUnderANewName() throws Exception {
    try (LocalStack stack = atRest != null ? atRest : LocalStack.start(settings(dataDir, "auto"))) {
      atRest = null;
      long doneBefore = awaitNoInstances(stack).jobsDone();
      List<Path> images = Reference.images(TestStack.IMAGENET_100);
      Set<String> residentBefore = workerProcesses();
      Set<String> firstIds = burstSeeingProcesses(stack, images.subList(0, 50));
      awaitNoInstances(stack);
      Set<String> residentBetween = workerProcesses();
      Set<String> secondIds = burstSeeingProcesses(stack, images.subList(50, 100));
      FleetStatus rest = awaitNoInstances(stack);

      log.info("resident processes {}, serving the first burst {}, the second {}", residentBetween, firstIds,
          secondIds);
      assertFalse(firstIds.isEmpty() || secondIds.isEmpty());
      // However many of the pool a burst needs (one may serve 50 images alone), none is started for it.
      assertTrue(residentBefore.containsAll(firstIds), "the first burst started a process: " + firstIds
          + " not within the resident " + residentBefore);
      assertTrue(residentBetween.containsAll(secondIds), "the second burst started a process: " + secondIds
          + " not within the resident " + residentBetween);
      assertEquals(100, rest.jobsDone() - doneBefore);
      assertTrue(rest.recentlyGone().stream().allMatch(v -> v.state() == InstanceState.STOPPED
          && v.reason().contains("resident")), rest::toString);
      for (String id : firstIds) {
        assertTrue(ProcessHandle.of(Long.parseLong(id.replace("pid ", ""))).orElseThrow().isAlive(),
            id + " stays resident while the fleet is at 0");
      }
    }
  }

  /**
   * The worker processes this JVM's fleet holds, serving or resident, named as the fleet's status names them: its
   * Java children, known by their executable (started with the test's whole class path, the JDK reports no
   * arguments for them here).
   */
  private static Set<String> workerProcesses() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .map(p -> "pid " + p.pid())
        .collect(Collectors.toSet());
  }

  /** Sends a burst and checks its answers; returns the process ids the status showed serving meanwhile. */
  private static Set<String> burstSeeingProcesses(LocalStack stack, List<Path> images) throws Exception {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
      while (!done.get()) {
        stack.autoscaler().status().toCompletableFuture().join().instances().forEach(v -> ids.add(v.id()));
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      burst(stack, images).forEach(r -> assertTrue(r.statusCode() == 200 && r.body().matches("test_\\d+:.+"),
          r::body));
    } finally {
      done.set(true);
      watch.get(10, TimeUnit.SECONDS);
    }
    ids.remove("-");
    return ids;
  }

  private static List<CompletableFuture<HttpResponse<String>>> send(HttpClient http, LocalStack stack,
      List<Path> images) throws Exception {
    URI uri = URI.create("http://localhost:" + stack.web().port() + "/");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (Path image : images) {
      HttpRequest post = new Multipart()
          .file("inputFile", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image)).post(uri);
      calls.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
    }
    return calls;
  }

  private static List<HttpResponse<String>> burst(LocalStack stack, List<Path> images) throws Exception {
    List<HttpResponse<String>> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : send(HttpClient.newHttpClient(), stack, images)) {
      answers.add(call.get(5, TimeUnit.MINUTES));
    }
    return answers;
  }

  /** No instance while nothing is queued, for a few samples, and the status endpoint says so over HTTP. */
  private static void assertAtRest(LocalStack stack) throws Exception {
    Thread.sleep(2_500);
    FleetStatus s = stack.autoscaler().status().toCompletableFuture().get();
    assertEquals(List.of(), s.instances());
    assertEquals(0, s.desired());
    HttpResponse<String> http = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(stack.autoscaler().statusUrl())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, http.statusCode());
    assertTrue(http.body().contains("\"instances\":[]") && http.body().contains("\"desired\":0"), http.body());
  }

  private static FleetStatus awaitNoInstances(LocalStack stack) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    FleetStatus s = stack.autoscaler().status().toCompletableFuture().get();
    while (!s.instances().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, s::toString);
      Thread.sleep(100);
      s = stack.autoscaler().status().toCompletableFuture().get();
    }
    return s;
  }

  private static InstanceView awaitBusy(LocalStack stack) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      FleetStatus s = stack.autoscaler().status().toCompletableFuture().get();
      for (InstanceView v : s.instances()) {
        if (v.state() == InstanceState.BUSY && v.held() > 0) {
          return v;
        }
      }
      assertTrue(System.nanoTime() < deadline, "no instance got busy: " + s);
      Thread.sleep(20);
    }
  }

  private static Instant nth(List<Row> rows, String event, int n) {
    return rows.stream().filter(r -> r.event().equals(event)).skip(n - 1).findFirst().orElseThrow(
        () -> new AssertionError("fewer than " + n + " " + event + " events")).at();
  }

  private static Instant last(List<Row> rows, String event) {
    return rows.stream().filter(r -> r.event().equals(event)).reduce((a, b) -> b).orElseThrow().at();
  }

  /** Launch to first idle-or-busy heartbeat, per instance, in ms. */
  private static Map<String, Long> readiness(List<Row> rows) {
    Map<String, Long> ms = new java.util.TreeMap<>();
    for (Row ready : rows.stream().filter(r -> r.event().equals("ready")).toList()) {
      Row launch = rows.stream().filter(r -> r.event().equals("launch") && r.instance().equals(ready.instance())
          && !r.at().isAfter(ready.at())).reduce((a, b) -> b).orElseThrow();
      ms.put(ready.instance(), Duration.between(launch.at(), ready.at()).toMillis());
    }
    return ms;
  }

  /** One line of the timeline CSV. */
  record Row(Instant at, String event, String instance, int live) {
    static List<Row> read(Path file) throws Exception {
      List<String> lines = Files.readAllLines(file);
      assertEquals(Timeline.HEADER, lines.get(0));
      return lines.stream().skip(1).map(l -> l.split(",", -1))
          .map(c -> new Row(Instant.parse(c[0]), c[2], c[3], Integer.parseInt(c[8]))).toList();
    }
  }
}
