package iras.controller;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Time that a test moves: Pekko's manual scheduler for the actors' timers and a clock for the instants they read,
 * advanced together, so a test of a timeout or a backoff neither waits for it nor races it.
 */
public final class TestTime extends Clock {
  private final ActorTestKit kit;
  private final ManualTime timers;
  private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private TestTime(ActorTestKit kit) {
    this.kit = kit;
    this.timers = ManualTime.get(kit.system());
  }

  /** A test kit whose scheduler only moves when the test says so, and the time that moves it. */
  public static TestTime kit() {
    return new TestTime(ActorTestKit.create(ManualTime.config()));
  }

  /**
   * A classic actor system on the manual scheduler, for code that takes one and spawns its own actors in it (the
   * {@link Autoscaler}, which a test kit's guardian would refuse), and the time that moves it.
   */
  public static TestTime classic(String name) {
    return new TestTime(ActorTestKit.create(Adapter.toTyped(
        ActorSystem.create(name, ManualTime.config().withFallback(ConfigFactory.load())))));
  }

  public ActorSystem classicSystem() {
    return Adapter.toClassic(kit.system());
  }

  public ActorTestKit testKit() {
    return kit;
  }

  public void passes(Duration d) {
    now = now.plus(d);
    timers.timePasses(d);
  }

  /**
   * Waits for what real processes and other actors do on their own (a process starting, a message arriving);
   * nothing here lets the test's time pass.
   */
  public <T> T eventually(Supplier<T> check) {
    TestProbe<Object> probe = kit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(30), check::get);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("test time is UTC");
  }
}
