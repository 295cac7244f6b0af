package iras.web.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import iras.core.cloud.InMemoryCloud;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.core.settings.Settings;
import iras.core.testing.ManualClock;
import iras.web.fleet.RecentAnswers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the web tier finds each job's result, over the cloud in memory and a manual clock: on the response queue at
 * once, in the records only when its sweep is due by the clock, and a result meant for another web process handed
 * back until the queue has given it out often enough.
 */
class ResultBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** Several of the sweeper's one-second rounds, in which a sweep not yet due must not look. */
  private static final long SWEEP_ROUNDS_MS = 2_500;

  private final ManualClock clock = new ManualClock();
  private final InMemoryCloud cloud = new InMemoryCloud(Settings.load().with("deployment", "broker-test"), clock);
  private final ResultBroker broker = new ResultBroker(cloud, Duration.ofMinutes(10), new PrometheusRegistry(),
      new RecentAnswers(clock), clock);

  @AfterEach
  void close() {
    broker.close();
  }

  private ImageJob job(String id) {
    return new ImageJob(id, id + ".jpg", cloud.layout().imageBucket(), "images/" + id, clock.instant());
  }

  private static String result(ImageJob job, String label) {
    return Json.write(new ImageResult(job.id(), job.name(), label, 0.9, null, "m", "w", 1L, null, null, null));
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
  void anAnnouncedResultEndsTheWaitAtOnce() throws Exception {
    ImageJob job = job("job-1");
    CompletableFuture<ImageResult> answer = broker.expect(job);
    cloud.responses().send(result(job, "cat"));
    assertEquals("cat", answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).label());
    eventually("the announcement deleted", () -> cloud.responses().depth().total() == 0);
    assertEquals("cat", broker.answered("job-1").orElseThrow().result().label());
  }

  @Test
  void aResultOnlyStoredIsFoundByTheSweepOnceItIsDue() throws Exception {
    ImageJob job = job("stored");
    CompletableFuture<ImageResult> answer = broker.expect(job);
    cloud.results().store(job.id(), result(job, "owl"));
    Thread.sleep(SWEEP_ROUNDS_MS);
    assertFalse(answer.isDone(), "swept before its first sweep was due");
    clock.advance(ResultBroker.FIRST_SWEEP);
    assertEquals("owl", answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).label());
  }

  @Test
  void aResultNobodyHereWaitsForIsHandedBackUntilTheQueueGaveItOutOftenEnough() throws Exception {
    ImageJob elsewhere = job("waited-for-elsewhere");
    String announcement = result(elsewhere, "fox");
    cloud.responses().send(announcement);
    for (int receive = 1; receive < ResultBroker.HAND_BACKS; receive++) {
      eventually("handed back after receive " + receive, () -> cloud.responses().visibleAgainAt(announcement)
          .orElseThrow().equals(clock.instant().plus(ResultBroker.HAND_BACK_FOR)));
      clock.advance(ResultBroker.HAND_BACK_FOR);
      cloud.clockMoved();
    }
    eventually("deleted on receive " + ResultBroker.HAND_BACKS, () -> cloud.responses().depth().total() == 0);
    assertEquals(List.of(), cloud.responses().receive(10, Duration.ZERO));
  }
}
