package iras.controller.sensing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.controller.TestTime;
import iras.core.cloud.InMemoryMessageQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gauge's samples: every interval, and at once for a request that arrives while the queue was seen empty. */
class QueueGaugeTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final TestTime time = TestTime.kit();
  private final ActorTestKit kit = time.testKit();
  private final InMemoryMessageQueue requests = new InMemoryMessageQueue("requests", time, Duration.ofSeconds(30));
  private final AtomicReference<Runnable> arrival = new AtomicReference<>();
  private final TestProbe<Sensors.Depth> depths = kit.createTestProbe();

  @BeforeEach
  void start() {
    kit.spawn(QueueGauge.create(requests, INTERVAL, arrival::set, depths.getRef()));
    time.passes(Duration.ZERO);
    assertEquals(0, depths.receiveMessage().visible(), "the first sample, at start");
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aRequestArrivingWhileTheQueueWasEmptyIsReadWithoutWaitingForTheInterval() {
    requests.send("job-1");
    arrival.get().run();
    assertEquals(1, depths.receiveMessage().visible());
  }

  @Test
  void whileTheQueueHoldsWorkArrivalsWaitForTheNextInterval() {
    requests.send("job-1");
    arrival.get().run();
    assertEquals(1, depths.receiveMessage().visible());

    requests.send("job-2");
    arrival.get().run();
    depths.expectNoMessage(Duration.ofMillis(300));
    time.passes(INTERVAL);
    assertEquals(2, depths.receiveMessage().visible());
  }

  @Test
  void onceASampleFindsTheQueueEmptyAgainTheNextArrivalIsReadAtOnce() {
    requests.send("job-1");
    arrival.get().run();
    assertEquals(1, depths.receiveMessage().visible());
    requests.delete(requests.receive(1, Duration.ZERO));
    time.passes(INTERVAL);
    assertEquals(0, depths.receiveMessage().visible());

    requests.send("job-2");
    arrival.get().run();
    assertEquals(1, depths.receiveMessage().visible());
  }

  @Test
  void aRequestHeldByAWorkerIsWorkSoArrivalsWait() {
    requests.send("job-1");
    arrival.get().run();
    assertEquals(1, depths.receiveMessage().visible());
    requests.receive(1, Duration.ZERO);
    time.passes(INTERVAL);
    Sensors.Depth held = depths.receiveMessage();
    assertEquals(0, held.visible());
    assertEquals(1, held.inFlight());

    requests.send("job-2");
    arrival.get().run();
    depths.expectNoMessage(Duration.ofMillis(300));
  }
}
