package iras.worker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import iras.core.cloud.CloudLayout;
import iras.core.cloud.InMemoryCloud;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import iras.core.job.AnswerKey;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.core.settings.Settings;
import iras.core.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker node's actors on their own, over the cloud in memory and a manual clock: what a node takes from the
 * request queue, what it answers and stores, what it hands back, and when. Real time passes only where the node's
 * own timers tick (the visibility keeper) and while a long poll waits; nothing here asserts how long anything took.
 */
class WorkerNodeTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final ManualClock clock = new ManualClock();
  private final RuleAnswerer model = new RuleAnswerer();
  private final InFlight inFlight = new InFlight();
  private final Map<String, ImageResult> answered = new HashMap<>();
  private Settings settings;
  private InMemoryCloud cloud;
  private ActorRef<WorkerNode.Stop> node;
  private final CompletableFuture<Done> nodeEnded = new CompletableFuture<>();

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stopNode() {
    model.release();
    if (node != null) {
      testKit.stop(node, PATIENCE);
    }
  }

  /** A deployment of its own, with a long poll short enough that an idle node loops often. */
  private void deploy(Map<String, ?> overrides) {
    settings = Settings.load().with(Map.of(
        "deployment", "node-test",
        "queue.wait-time", "100ms",
        "queue.max-receive-count", 2,
        "worker.batch-size", 4,
        "worker.instance-id", "worker-test",
        "reuse-answers", false)).with(overrides);
    cloud = new InMemoryCloud(settings, clock);
  }

  private void start() {
    node = testKit.spawn(WorkerNode.create(settings, cloud, model, inFlight, clock, nodeEnded));
  }

  /** Stores the image and queues its request, as the web tier does; returns the request's body. */
  private String submit(String id, String name, String image) {
    String bucket = cloud.layout().imageBucket();
    String key = CloudLayout.imageKey(id);
    cloud.store().put(bucket, key, image.getBytes(StandardCharsets.UTF_8), "image/jpeg");
    String request = Json.write(new ImageJob(id, name, bucket, key, clock.instant()));
    cloud.requests().send(request);
    return request;
  }

  private String submit(String id, String image) {
    return submit(id, id + ".jpg", image);
  }

  /** Reads the response queue, as the web tier does, until {@code count} jobs have an answer. */
  private Map<String, ImageResult> awaitAnswers(int count) {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (answered.size() < count && System.nanoTime() < until) {
      for (ReceivedMessage m : cloud.responses().receive(10, Duration.ofMillis(100))) {
        ImageResult result = Json.read(m.body(), ImageResult.class);
        answered.putIfAbsent(result.id(), result);
        cloud.responses().delete(m);
      }
    }
    assertEquals(count, answered.size(), "answered: " + answered.keySet());
    return answered;
  }

  private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        fail("never came to pass: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aBacklogIsAnsweredInFullBatchesStoredAndDeleted() throws Exception {
    deploy(Map.of());
    for (int i = 0; i < 7; i++) {
      submit("job-" + i, "label:thing-" + i);
    }
    start();
    Map<String, ImageResult> answers = awaitAnswers(7);
    assertEquals(List.of(4, 3), model.batchSizes());
    for (int i = 0; i < 7; i++) {
      assertEquals("thing-" + i, answers.get("job-" + i).label());
      assertEquals("worker-test", answers.get("job-" + i).instance());
      assertEquals(Json.write(answers.get("job-" + i)), cloud.results().find("job-" + i).orElseThrow());
    }
    eventually("every request deleted", () -> cloud.requests().depth().total() == 0);
  }

  @Test
  void everyBatchRunsOnTheNodesOneInferenceThread() {
    deploy(Map.of("worker.batch-size", 1));
    for (int i = 0; i < 12; i++) {
      submit("job-" + i, "label:thing-" + i);
    }
    start();
    awaitAnswers(12);
    assertEquals(12, model.batches.size());
    assertEquals(1, model.threads.size(), "the model ran on " + model.threads);
    assertTrue(model.threads.iterator().next().contains("iras-inference-dispatcher"), model.threads.toString());
  }

  @Test
  void aBusyNodeTakesNoMoreRequestsThanItWorksOn() throws Exception {
    deploy(Map.of("worker.batch-size", 2));
    model.hold();
    for (int i = 0; i < 10; i++) {
      submit("job-" + i, "label:thing");
    }
    start();
    for (int batch = 1; batch <= 4; batch++) {
      model.awaitBatch();
      int left = 10 - 2 * batch;
      // The batches before are published and deleted; while this one is in the model no other is taken, over
      // several long polls' time in which an eager poller would have taken more.
      eventually("the batch before deleted", () -> cloud.requests().depth().total() == left + 2);
      Thread.sleep(300);
      assertEquals(new MessageQueue.QueueDepth(left, 2), cloud.requests().depth(), "batch " + batch);
      model.letOneThrough();
    }
    model.release();
    awaitAnswers(10);
    assertEquals(List.of(2, 2, 2, 2, 2), model.batchSizes());
  }

  @Test
  void aRequestThatKeepsFailingEndsInTheDeadLetterQueueAndItsUserIsTold() throws Exception {
    deploy(Map.of());
    // A request the node cannot work on (no image key): handed back each time, until the queue's receive limit
    // moves it to the dead-letter queue, whose answerer tells the user and keeps it for an operator.
    cloud.requests().send("{\"id\":\"poison-1\",\"name\":\"poison.jpg\",\"bucket\":\"any\"}");
    submit("fine-1", "label:cat");
    start();
    Map<String, ImageResult> answers = awaitAnswers(2);
    assertEquals("cat", answers.get("fine-1").label());
    ImageResult poison = answers.get("poison-1");
    assertTrue(poison.failed() && poison.error().contains("dead-letter queue"), poison.toString());
    assertEquals(Json.write(poison), cloud.results().find("poison-1").orElseThrow());
    MessageQueue deadLetters = cloud.queue(cloud.layout().deadLetterQueue());
    eventually("the dead letter kept out of sight",
        () -> deadLetters.depth().equals(new MessageQueue.QueueDepth(0, 1)));
    assertEquals(0, model.timesGiven("poison"));
  }

  @Test
  void anImageTheModelFailsOnGetsAnErrorAloneAndTheRestOfItsBatchTheirLabels() {
    deploy(Map.of());
    submit("a", "label:ant");
    submit("crash", "crash");
    submit("b", "label:bee");
    submit("gone", "label:gnu");
    cloud.store().delete(cloud.layout().imageBucket(), CloudLayout.imageKey("gone"));
    submit("unreadable", "not an image");
    start();
    Map<String, ImageResult> answers = awaitAnswers(5);
    assertEquals("ant", answers.get("a").label());
    assertEquals("bee", answers.get("b").label());
    assertTrue(answers.get("crash").error().startsWith("the model could not classify this image"),
        answers.get("crash").toString());
    assertEquals("the image is no longer stored", answers.get("gone").error());
    assertEquals("the image could not be decoded", answers.get("unreadable").error());
    // The batch of four in one pass, then each of them alone to find the culprit; then the fifth.
    assertEquals(List.of(List.of("label:ant", "crash", "label:bee"), List.of("label:ant"), List.of("crash"),
        List.of("label:bee"), List.of("not an image")), model.batches);
  }

  @Test
  void aBatchLongerThanTheVisibilityTimeoutStaysHiddenFromOtherNodes() throws Exception {
    deploy(Map.of("queue.visibility-timeout", "3s"));
    model.hold();
    String request = submit("slow", "label:sloth");
    start();
    model.awaitBatch();
    Instant received = clock.instant();
    assertEquals(received.plusSeconds(3), cloud.requests().visibleAgainAt(request).orElseThrow());

    clock.advance(Duration.ofSeconds(2));
    eventually("the visibility extended by the keeper",
        () -> cloud.requests().visibleAgainAt(request).orElseThrow().isAfter(received.plusSeconds(3)));
    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of(), cloud.requests().receive(10, Duration.ZERO), "another node got the held request");

    model.release();
    assertEquals("sloth", awaitAnswers(1).get("slow").label());
    eventually("the request deleted", () -> cloud.requests().depth().total() == 0);
  }

  @Test
  void aDrainFinishesTheBatchInHandAndTakesNoMore() throws Exception {
    deploy(Map.of());
    model.hold();
    submit("first", "label:one");
    submit("second", "label:two");
    start();
    model.awaitBatch();
    submit("later-1", "label:three");
    submit("later-2", "label:four");
    submit("later-3", "label:five");
    ActorRef<WorkerNode.Stop> actors = node;
    WorkerNode worker = new WorkerNode(() -> actors.tell(new WorkerNode.Stop()), nodeEnded, cloud, inFlight);
    node = null;

    // What the process does on SIGTERM: drain, with its timeout.
    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
      try {
        return worker.drain(PATIENCE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    eventually("the node draining", () -> inFlight.phase() == InFlight.Phase.DRAINING);
    model.release();

    assertTrue(drained.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the batch in hand was not finished");
    assertEquals(Done.getInstance(), nodeEnded.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
        "the node's actors did not end");
    assertTrue(worker.askedToStop());
    assertEquals(Set.of("first", "second"), awaitAnswers(2).keySet());
    assertEquals(new MessageQueue.QueueDepth(3, 0), cloud.requests().depth());
    assertEquals(List.of(2), model.batchSizes());
  }

  @Test
  void repeatedImagesAreAnsweredFromMemoryAndTheAnswerIsKeptForTheWebTier() throws Exception {
    deploy(Map.of("reuse-answers", true));
    submit("cat-1", "label:cat");
    submit("cat-2", "label:cat");
    submit("dog-1", "label:dog");
    submit("cat-3", "label:cat");
    start();
    Map<String, ImageResult> answers = awaitAnswers(4);
    assertEquals(1, model.timesGiven("label:cat"));
    assertNull(answers.get("cat-1").cached());
    assertEquals(Boolean.TRUE, answers.get("cat-2").cached());
    assertEquals(Boolean.TRUE, answers.get("cat-3").cached());
    assertEquals("cat", answers.get("cat-3").label());
    assertEquals("cat-3", answers.get("cat-3").id());

    AnswerKey key = AnswerKey.of("label:cat".getBytes(StandardCharsets.UTF_8), AnswerKey.modelIdentity(settings),
        null);
    eventually("the answer kept", () -> cloud.answers().find(key).isPresent());
    assertEquals("cat", cloud.answers().find(key).orElseThrow().label());

    submit("cat-4", "label:cat");
    assertEquals(Boolean.TRUE, awaitAnswers(5).get("cat-4").cached());
    assertEquals(1, model.timesGiven("label:cat"));
  }

  @Test
  void anImageStoreOutageLeavesTheBatchToComeBackOnceItPasses() throws Exception {
    deploy(Map.of("queue.visibility-timeout", "30s"));
    submit("job-1", "label:owl");
    cloud.store().outage(true);
    start();
    eventually("the request taken", () -> cloud.requests().depth().inFlight() == 1);
    // The fetch is retried until its patience has passed by the clock; then the batch answerer fails and lets the
    // batch go, to reappear when its visibility lapses, while its supervisor restarts it after a pause.
    clock.advance(Duration.ofSeconds(4));
    eventually("the batch let go", () -> inFlight.held() == 0);
    assertEquals(List.of(), model.batches);

    cloud.store().outage(false);
    clock.advance(Duration.ofSeconds(40));
    cloud.clockMoved();
    assertEquals("owl", awaitAnswers(1).get("job-1").label());
    assertEquals(List.of(List.of("label:owl")), model.batches);
    eventually("the request deleted", () -> cloud.requests().depth().total() == 0);
  }

  @Test
  void theHeartbeatsTellTheControllerWhetherTheNodeIsIdleOrBusy() throws Exception {
    deploy(Map.of());
    model.hold();
    start();
    MessageQueue heartbeats = cloud.queue(cloud.layout().heartbeatQueue());
    Heartbeat idle = nextHeartbeat(heartbeats);
    assertEquals(new Heartbeat("worker-test", Heartbeat.State.IDLE, 0, 0, clock.instant(), List.of()), idle);

    submit("job-1", "label:lynx");
    model.awaitBatch();
    Heartbeat busy = nextHeartbeat(heartbeats);
    assertEquals(Heartbeat.State.BUSY, busy.state());
    assertEquals(1, busy.held());
    model.release();
    awaitAnswers(1);
    Heartbeat done = nextHeartbeat(heartbeats);
    assertEquals(Heartbeat.State.IDLE, done.state());
    assertEquals(1, done.jobsDone());
    assertEquals(1, done.passes().size());
  }

  /** The next heartbeat whose state differs from the one before, as the controller sees a change. */
  private Heartbeat nextHeartbeat(MessageQueue heartbeats) {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < until) {
      for (ReceivedMessage m : heartbeats.receive(10, Duration.ofMillis(100))) {
        heartbeats.delete(m);
        Heartbeat h = Json.read(m.body(), Heartbeat.class);
        if (!h.state().equals(lastState)) {
          lastState = h.state();
          return h;
        }
      }
    }
    throw new AssertionError("no new heartbeat after " + lastState);
  }

  private Heartbeat.State lastState;

  @Test
  void inTheCourseProfileEachAnswerIsAlsoTheCoursesObject() {
    deploy(Map.of("course", true));
    submit("job-0", "test_00.jpg", "label:Paul");
    submit("job-1", "test_01.jpg", "not an image");
    start();
    awaitAnswers(2);
    String output = cloud.layout().outputBucket();
    assertEquals(List.of("test_00", "test_01"), cloud.store().keys(output, ""));
    assertEquals("Paul", new String(cloud.store().get(output, "test_00"), StandardCharsets.UTF_8));
    assertEquals("error: the image could not be decoded",
        new String(cloud.store().get(output, "test_01"), StandardCharsets.UTF_8));
    // The worker writes no upload of the course's: the web tier does, when it takes the request.
    assertEquals(List.of(), cloud.store().keys(cloud.layout().inputBucket(), ""));
  }
}
