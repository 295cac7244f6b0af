package iras.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One chaos run: the load ({@code iras.chaos.requests} uploads, {@code iras.chaos.concurrency} at a time; 200 and
 * 100 in {@code mvn verify}, 1000 and 100 with {@code -Pchaos}) held while a fault is injected, then the total-queue
 * check and a line of {@code target/chaos/results.md}. Bounded: the load must be accepted within
 * {@link #LOAD_WITHIN} and every accepted job done within {@link #RECOVERY_WITHIN} after it.
 */
final class ChaosRun {
  static final int REQUESTS = Integer.getInteger("iras.chaos.requests", 200);
  static final int CONCURRENCY = Integer.getInteger("iras.chaos.concurrency", 100);
  static final Duration LOAD_WITHIN = Duration.ofMinutes(10);
  static final Duration RECOVERY_WITHIN = Duration.ofMinutes(5);
  private static final Path RESULTS = Path.of("target", "chaos", "results.md");

  /** A fault, injected while the load runs, until {@code loading} turns false. */
  interface Fault {
    Injected inject(AtomicBoolean loading) throws Exception;
  }

  /** @param backAfter from the kill until the restarted part served again; null where nothing is restarted */
  record Injected(int count, Duration backAfter) {
    /** Kills {@code part}, lets {@code meanwhile} check what the kill left, restarts it with {@code restart}. */
    static Injected killAndRestart(ServiceProcess part, Step meanwhile, Step restart) throws Exception {
      long kill = System.nanoTime();
      part.kill();
      meanwhile.run();
      restart.run();
      return new Injected(1, Duration.ofNanos(System.nanoTime() - kill));
    }
  }

  interface Step {
    void run() throws Exception;
  }

  private ChaosRun() {}

  static TotalQueueChecker.Verdict run(String name, ChaosDeployment deployment, Fault fault) throws Exception {
    List<Path> images = Reference.images(ChaosDeployment.IMAGES);
    Map<String, String> labels = ChaosDeployment.expectedLabels();
    AtomicBoolean loading = new AtomicBoolean(true);
    CompletableFuture<Injected> faults = CompletableFuture.supplyAsync(() -> {
      try {
        return fault.inject(loading);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ChaosLoad.Result load;
    try {
      load = new ChaosLoad(deployment.web(), images).run(REQUESTS, CONCURRENCY, LOAD_WITHIN);
    } finally {
      loading.set(false);
    }
    Injected injected = faults.get(5, TimeUnit.MINUTES);
    TotalQueueChecker.Verdict verdict =
        new TotalQueueChecker(deployment.web(), labels).check(load.accepted(), RECOVERY_WITHIN);
    report(name, injected, load, verdict);
    assertEquals(List.of(), verdict.lost(), "accepted jobs never done");
    assertEquals(List.of(), verdict.wrong(), "jobs done with another label than in-process classification");
    assertEquals(List.of(), verdict.twoLabels(), "jobs answered with two different labels");
    assertTrue(verdict.clean(), verdict::toString);
    assertTrue(injected.count() > 0, "no fault was injected while the load ran");
    return verdict;
  }

  private static void report(String name, Injected injected, ChaosLoad.Result load, TotalQueueChecker.Verdict v)
      throws Exception {
    String back = injected.backAfter() == null ? "-"
        : String.format(Locale.ROOT, "%.1f s", injected.backAfter().toMillis() / 1000.0);
    String line = String.format(Locale.ROOT, "| %s | %d | %d at %d in %.1f s | %d | %d | %d | %d | %d | %s | %.1f s |%n",
        name, injected.count(), load.sent(), CONCURRENCY, load.millis() / 1000.0, load.refusedThenResent(),
        v.accepted(), v.lost().size(), v.wrong().size(), v.twoLabels().size(), back, v.recoveredMillis() / 1000.0);
    System.out.print("chaos: " + line);
    Files.createDirectories(RESULTS.getParent());
    if (!Files.exists(RESULTS)) {
      Files.writeString(RESULTS, "| fault | injected | load held | uploads refused, sent again | accepted | lost"
          + " | wrong label | two labels | serving again after the kill | all done after the load |\n"
          + "|---|---|---|---|---|---|---|---|---|---|\n");
    }
    Files.writeString(RESULTS, line, StandardOpenOption.APPEND);
  }

  /** Sleeps while the load runs; false once it has ended. */
  static boolean pause(AtomicBoolean loading, Duration d) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    while (loading.get() && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    return loading.get();
  }
}
