package iras.controller;

import iras.controller.sensing.Sensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.fleet.LocalProcessFleet;
import iras.controller.fleet.WorkerInstance;
import iras.controller.instance.InstanceActor;
import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import iras.controller.scaling.ScalingPolicy;
import iras.controller.status.FleetMetrics;
import iras.controller.status.FleetStatus;
import iras.controller.status.Timeline;
import iras.core.fleet.Heartbeat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's policy and lifecycle over real child processes (a shell that sleeps stands in for a worker JVM);
 * the test plays the queue and the heartbeats by sending the samples and beats the sensors would, and moves the
 * controller's time itself.
 */
class FleetControllerTest {
  private static final List<String> SLEEPER = List.of("bash", "-c", "exec sleep 300");
  private static final InstanceActor.Timeouts PATIENT =
      new InstanceActor.Timeouts(Duration.ofMinutes(1), Duration.ofMinutes(1));

  private final TestTime time = TestTime.kit();
  private final ActorTestKit kit = time.testKit();
  @TempDir Path dir;
  private LocalProcessFleet fleet;
  private ActorRef<FleetController.Command> controller;

  @AfterEach
  void stop() throws Exception {
    if (controller != null) {
      TestProbe<FleetController.Done> done = kit.createTestProbe();
      controller.tell(new FleetController.Shutdown(done.getRef()));
      done.expectMessage(Duration.ofSeconds(40), FleetController.Done.INSTANCE);
    }
    kit.shutdownTestKit();
  }

  private ActorRef<FleetController.Command> start(int max, InstanceActor.Timeouts timeouts) throws Exception {
    if (fleet == null) {
      fleet = new LocalProcessFleet(SLEEPER, Map.of(), dir.resolve("fleet"), 20);
    }
    controller = kit.spawn(FleetController.create(fleet, new ScalingPolicy(10, 0, max, 2), timeouts,
        Timeline.at(dir.resolve("timeline-" + System.nanoTime() + ".csv")), Sensors.none(),
        new FleetMetrics(), time));
    return controller;
  }

  private void sample(int visible, int inFlight) {
    controller.tell(new FleetController.Sample(visible, inFlight, time.instant()));
  }

  private void beat(String name, Heartbeat.State state, int held) {
    controller.tell(new FleetController.Beat(new Heartbeat(name, state, held, 0, time.instant()), time.instant()));
  }

  private FleetStatus status() {
    TestProbe<FleetStatus> probe = kit.createTestProbe();
    controller.tell(new FleetController.GetStatus(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  /** Waits for {@code condition}: processes start and actors answer on their own, without the test's time moving. */
  private FleetStatus awaitStatus(String what, Predicate<FleetStatus> condition) {
    return time.eventually(() -> {
      FleetStatus s = status();
      assertTrue(condition.test(s), () -> "not yet " + what + ": " + s);
      return s;
    });
  }

  private static String name(int n) {
    return FleetController.instanceName(n);
  }

  private static long pid(InstanceView v) {
    return Long.parseLong(v.id().replace("pid ", ""));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Set<Long> pids(FleetStatus s) {
    return s.instances().stream().map(FleetControllerTest::pid).collect(Collectors.toSet());
  }

  private static boolean launched(FleetStatus s, int n) {
    return s.instances().size() == n && s.instances().stream().noneMatch(v -> v.id().equals("-"));
  }

  @Test
  void anEmptyQueueLaunchesNothing() throws Exception {
    start(20, PATIENT);
    sample(0, 0);
    sample(0, 0);
    FleetStatus s = status();
    assertEquals(0, s.desired());
    assertEquals(List.of(), s.instances());
    assertFalse(Files.exists(dir.resolve("fleet")) && Files.list(dir.resolve("fleet")).findAny().isPresent(),
        "no process was started");
  }

  @Test
  void aBurstLaunchesThePolicysNumberOfProcessesOnOneSample() throws Exception {
    start(20, PATIENT);
    sample(60, 40);
    FleetStatus s = awaitStatus("10 launched", st -> launched(st, 10));
    assertEquals(10, s.desired());
    assertEquals(100, s.queue().backlog());
    assertTrue(pids(s).stream().allMatch(FleetControllerTest::alive), "every instance is a live process");
  }

  @Test
  void theCapHoldsWhateverTheBacklog() throws Exception {
    start(3, PATIENT);
    for (int i = 0; i < 5; i++) {
      sample(1000, 0);
    }
    FleetStatus s = awaitStatus("3 launched", st -> launched(st, 3));
    sample(5000, 0);
    // The controller launches on the sample itself, so the status it answers next already shows any launch.
    assertEquals(3, status().instances().size());
    assertEquals(3, s.max());
  }

  @Test
  void scaleInStopsOnlyInstancesThatReportIdleWithNothingHeld() throws Exception {
    start(20, PATIENT);
    sample(25, 5);
    FleetStatus up = awaitStatus("3 launched", st -> launched(st, 3));
    for (int n = 1; n <= 3; n++) {
      beat(name(n), Heartbeat.State.BUSY, 4);
    }
    awaitStatus("all busy", st -> st.instances().stream().filter(v -> v.state() == InstanceState.BUSY).count() == 3);
    // The queue reads empty, yet every instance says it holds requests: none may go.
    for (int i = 0; i < 4; i++) {
      sample(0, 0);
    }
    FleetStatus held = status();
    assertEquals(0, held.desired());
    assertEquals(3, held.actual());
    assertTrue(held.instances().stream().allMatch(v -> v.state() == InstanceState.BUSY));

    beat(name(1), Heartbeat.State.IDLE, 0);
    beat(name(2), Heartbeat.State.IDLE, 2);
    awaitStatus("1 idle", st -> st.instances().get(0).state() == InstanceState.IDLE);
    sample(0, 0);
    FleetStatus one = awaitStatus("instance 1 gone", st -> st.instances().size() == 2);
    assertEquals(List.of(name(2), name(3)), one.instances().stream().map(InstanceView::name).toList());
    assertEquals(InstanceState.STOPPED, one.recentlyGone().get(0).state());
    long stoppedPid = pid(up.instances().get(0));
    assertFalse(alive(stoppedPid), "the stopped instance's process has exited");

    beat(name(2), Heartbeat.State.IDLE, 0);
    beat(name(3), Heartbeat.State.IDLE, 0);
    awaitStatus("2 and 3 idle", st -> st.instances().stream().allMatch(v -> v.state() == InstanceState.IDLE));
    sample(0, 0);
    awaitStatus("none left", st -> st.instances().isEmpty());
    assertTrue(pids(up).stream().noneMatch(FleetControllerTest::alive));
  }

  @Test
  void aKilledProcessIsReplacedUnderItsNameAndTheOthersKeepRunning() throws Exception {
    start(20, PATIENT);
    sample(20, 0);
    FleetStatus before = awaitStatus("2 launched", st -> launched(st, 2));
    long first = pid(before.instances().get(0));
    long second = pid(before.instances().get(1));
    ProcessHandle.of(first).orElseThrow().destroyForcibly();
    awaitStatus("instance 1 failed", st -> !st.recentlyGone().isEmpty());
    // It never reported ready, so its replacement waits out the first backoff and the next sample.
    time.passes(Duration.ofSeconds(1));
    sample(20, 0);

    FleetStatus after = awaitStatus("instance 1 replaced", st -> launched(st, 2) && !pids(st).contains(first));
    assertEquals(name(1), after.instances().get(0).name());
    assertNotEquals(first, pid(after.instances().get(0)));
    assertEquals(second, pid(after.instances().get(1)));
    assertTrue(alive(second));
    assertEquals(InstanceState.FAILED, after.recentlyGone().get(0).state());
    assertTrue(after.recentlyGone().get(0).reason().contains("exited"), after.recentlyGone().get(0).reason());
  }

  @Test
  void anInstanceWhoseHeartbeatsStopIsKilledAndReplaced() throws Exception {
    start(20, new InstanceActor.Timeouts(Duration.ofMinutes(1), Duration.ofSeconds(1)));
    sample(5, 0);
    FleetStatus up = awaitStatus("1 launched", st -> launched(st, 1));
    long silent = pid(up.instances().get(0));
    beat(name(1), Heartbeat.State.IDLE, 0);
    awaitStatus("instance 1 idle", st -> st.instances().get(0).state() == InstanceState.IDLE);
    time.passes(Duration.ofMillis(999));
    assertEquals(silent, pid(status().instances().get(0)), "still within its heartbeat timeout");
    time.passes(Duration.ofMillis(1));

    FleetStatus after = awaitStatus("a new instance 1", st -> launched(st, 1) && !pids(st).contains(silent));
    assertFalse(alive(silent), "the silent process was killed, not left to come back");
    InstanceView gone = after.recentlyGone().get(0);
    assertEquals(InstanceState.FAILED, gone.state());
    assertTrue(gone.reason().startsWith("no heartbeat for"), gone.reason());
  }

  @Test
  void anInstanceNeverReadyIsReplacedAfterItsStartTimeout() throws Exception {
    start(20, new InstanceActor.Timeouts(Duration.ofMillis(500), Duration.ofMinutes(1)));
    sample(5, 0);
    FleetStatus up = awaitStatus("1 launched", st -> launched(st, 1));
    long stuck = pid(up.instances().get(0));
    beat(name(1), Heartbeat.State.STARTING, 0);
    awaitStatus("instance 1 starting", st -> st.instances().get(0).state() == InstanceState.STARTING);
    time.passes(Duration.ofMillis(500));
    FleetStatus after = awaitStatus("instance 1 failed", st -> !st.recentlyGone().isEmpty());
    assertTrue(after.recentlyGone().get(0).reason().startsWith("not ready within"));
    assertFalse(alive(stuck));
    // A start that keeps failing is retried after a pause, not in a tight loop.
    sample(5, 0);
    assertEquals(List.of(), status().instances(), "no relaunch within the backoff");
    time.passes(Duration.ofSeconds(1));
    sample(5, 0);
    awaitStatus("relaunched", st -> launched(st, 1) && !pids(st).contains(stuck));
  }

  @Test
  void aRestartedControllerAdoptsTheRunningFleetInsteadOfLaunchingASecondOne() throws Exception {
    ActorRef<FleetController.Command> first = start(20, PATIENT);
    sample(20, 0);
    Set<Long> running = pids(awaitStatus("2 launched", st -> launched(st, 2)));
    // The controller actor dies (not a shutdown): its instances keep running.
    kit.stop(first, Duration.ofSeconds(5));
    controller = null;
    assertTrue(running.stream().allMatch(FleetControllerTest::alive));

    start(20, PATIENT);
    sample(20, 0);
    FleetStatus adopted = awaitStatus("2 adopted", st -> st.instances().size() == 2);
    assertEquals(running, pids(adopted));
    sample(20, 0);
    assertEquals(running, pids(status()), "no duplicate launched");
    assertEquals(2, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
  }

  @Test
  void aWorkerLeftByAnEarlierControllerProcessIsStoppedAtStart() throws Exception {
    // Another controller process ran this fleet folder; a worker of it is still running.
    var earlier = new LocalProcessFleet(SLEEPER, Map.of(), dir.resolve("fleet"), 20);
    WorkerInstance leftover = earlier.launch(name(1));
    long leftoverPid = Long.parseLong(leftover.id().replace("pid ", ""));

    start(20, PATIENT);
    leftover.terminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertFalse(alive(leftoverPid));
    assertEquals(List.of(), status().instances());
  }

  @Test
  void aFleetThatCannotLaunchIsRetriedWithBackoffNotInALoop() throws Exception {
    fleet = new LocalProcessFleet(List.of(dir.resolve("no-such-worker").toString()), Map.of(), dir, 20);
    start(20, PATIENT);
    List<Integer> launchedAtTenths = new ArrayList<>();
    for (int tenth = 0; tenth <= 45; tenth++) {
      sample(10, 0);
      FleetStatus s = awaitStatus("the launch settled", st -> st.instances().isEmpty());
      if (s.recentlyGone().size() > launchedAtTenths.size()) {
        launchedAtTenths.add(tenth);
      }
      time.passes(Duration.ofMillis(100));
    }
    assertEquals(List.of(0, 10, 30), launchedAtTenths, "launches after pauses of 1 s, then 2 s");
    assertTrue(status().recentlyGone().get(0).reason().startsWith("launch failed"));
  }

  @Test
  void shutdownStopsEveryInstanceAndLeavesNoProcess() throws Exception {
    start(20, PATIENT);
    sample(40, 0);
    Set<Long> running = pids(awaitStatus("4 launched", st -> launched(st, 4)));
    TestProbe<FleetController.Done> done = kit.createTestProbe();
    controller.tell(new FleetController.Shutdown(done.getRef()));
    done.expectMessage(Duration.ofSeconds(40), FleetController.Done.INSTANCE);
    controller = null;
    assertTrue(running.stream().noneMatch(FleetControllerTest::alive));
  }
}
