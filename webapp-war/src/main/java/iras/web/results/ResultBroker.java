package iras.web.results;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import iras.core.cloud.Cloud;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import iras.web.fleet.RecentAnswers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each finished result to whoever in this process waits for it, and remembers recent answers for the API.
 *
 * <p>Results arrive on the response queue (the fast path). Several web processes may share that queue, so one that
 * receives a result nobody here waits for hands it back for the others a few times before deleting it. Whatever
 * this process still misses (another process deleted it, or it came before a restart) is found in the output
 * bucket, the source of truth, by a sweep that checks each waiting job at growing intervals.
 */
public final class ResultBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResultBroker.class);
  static final Duration FIRST_SWEEP = Duration.ofSeconds(10);
  private static final Duration LONGEST_SWEEP = Duration.ofSeconds(60);
  /** Receives of a result nobody here waits for before it is deleted; the bucket keeps it for anyone later. */
  static final int HAND_BACKS = 10;
  static final Duration HAND_BACK_FOR = Duration.ofSeconds(1);
  private static final int ANSWERS_KEPT = 20_000;

  private final Cloud cloud;
  private final Duration keepWaiting;
  private final Clock clock;
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final Map<String, Answered> answered = Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Answered> eldest) {
      return size() > ANSWERS_KEPT;
    }
  });
  private final Counter received;
  private final RecentAnswers recent;
  private final Thread listener;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "result-sweeper"));
  private volatile boolean running = true;

  private static final class Waiting {
    final ImageJob job;
    final long acceptedNanos = System.nanoTime();
    final CompletableFuture<ImageResult> future = new CompletableFuture<>();
    Duration sweepInterval = FIRST_SWEEP;
    Instant nextSweep;

    Waiting(ImageJob job, Instant accepted) {
      this.job = job;
      this.nextSweep = accepted.plus(sweepInterval);
    }
  }

  /** A job this process accepted and saw answered, with the latency it measured. */
  public record Answered(ImageJob job, ImageResult result, Instant answeredAt, long latencyMs) {}

  /**
   * @param keepWaiting how long a job stays expected here before only the buckets know about it
   * @param clock when each waiting job is looked for in the buckets
   */
  public ResultBroker(Cloud cloud, Duration keepWaiting, PrometheusRegistry metrics, RecentAnswers recent,
      Clock clock) {
    this.cloud = cloud;
    this.keepWaiting = keepWaiting;
    this.clock = clock;
    this.recent = recent;
    this.received = Counter.builder().name("iras_results_received_total")
        .help("Results this process matched to a job it accepted, by where it found them.").labelNames("source")
        .register(metrics);
    GaugeWithCallback.builder().name("iras_jobs_waiting")
        .help("Jobs this process accepted and has not yet seen answered.")
        .callback(gauge -> gauge.call(waiting.size())).register(metrics);
    this.listener = new Thread(this::listen, "result-listener");
    listener.setDaemon(true);
    listener.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * A future completed with the result of {@code job}, or failed with a timeout after the keep-waiting time. Call
   * it before the job is sent, so a fast worker's answer cannot arrive before anyone waits for it.
   */
  public CompletableFuture<ImageResult> expect(ImageJob job) {
    Waiting w = new Waiting(job, clock.instant());
    waiting.put(job.id(), w);
    // The caller gets the future that completes after the bookkeeping: a client answered at once and asking for its
    // job straight away then finds it answered, not still waiting (a future runs its later dependents first).
    return w.future.orTimeout(keepWaiting.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((result, error) -> {
          waiting.remove(job.id());
          if (result != null) {
            long latencyMs = (System.nanoTime() - w.acceptedNanos) / 1_000_000;
            answered.put(job.id(), new Answered(job, result, clock.instant(), latencyMs));
            recent.answered(latencyMs);
          }
        });
  }

  /** A job answered without a worker, with its answer stored: counted and remembered like any other. */
  public CompletableFuture<ImageResult> answeredFromStore(ImageJob job, ImageResult result) {
    CompletableFuture<ImageResult> answer = expect(job);
    if (waiting.get(job.id()).future.complete(result)) {
      received.labelValues("store").inc();
    }
    return answer;
  }

  /** Stops expecting a job that was never sent. */
  public void forget(String id) {
    Waiting w = waiting.remove(id);
    if (w != null) {
      w.future.cancel(false);
    }
  }

  /**
   * Ends every wait at once with {@link Stopping}, for a process about to stop: the jobs stay queued and their
   * results reach the output bucket, where any web process finds them later.
   */
  public void stopWaiting() {
    for (Waiting w : waiting.values()) {
      w.future.completeExceptionally(new Stopping());
    }
  }

  /** The wait ended because this web process is stopping, not because the job failed. */
  public static final class Stopping extends RuntimeException {
    Stopping() {
      super("this web process is stopping", null, false, false);
    }
  }

  public int waiting() {
    return waiting.size();
  }

  public Optional<ImageJob> waitingFor(String id) {
    return Optional.ofNullable(waiting.get(id)).map(w -> w.job);
  }

  public Optional<Answered> answered(String id) {
    return Optional.ofNullable(answered.get(id));
  }

  private void listen() {
    while (running) {
      try {
        List<ReceivedMessage> done = new ArrayList<>();
        for (ReceivedMessage m : cloud.responses().receive(10, Duration.ofSeconds(20))) {
          if (deliver(m) || m.receiveCount() >= HAND_BACKS) {
            done.add(m);
          } else {
            // Another web process may be waiting for it.
            cloud.responses().extendVisibility(m, HAND_BACK_FOR);
          }
        }
        cloud.responses().delete(done);
      } catch (RuntimeException e) {
        if (running) {
          log.warn("response queue unavailable, retrying: {}", e.toString());
          sleep(Duration.ofSeconds(1));
        }
      }
    }
  }

  /** @return whether the message is dealt with here: delivered, a duplicate, or unreadable */
  private boolean deliver(ReceivedMessage m) {
    ImageResult result;
    try {
      result = Json.read(m.body(), ImageResult.class);
    } catch (Json.MalformedMessageException e) {
      log.warn("dropping unreadable response message: {}", e.getMessage());
      return true;
    }
    Waiting w = waiting.get(result.id());
    if (w != null) {
      if (w.future.complete(result)) {
        received.labelValues("queue").inc();
      }
      return true;
    }
    return answered.containsKey(result.id());
  }

  private void sweep() {
    Instant now = clock.instant();
    for (Waiting w : waiting.values()) {
      if (!running) {
        return;
      }
      if (now.isBefore(w.nextSweep)) {
        continue;
      }
      try {
        Optional<String> stored = cloud.results().find(w.job.id());
        if (stored.isPresent() && w.future.complete(Json.read(stored.get(), ImageResult.class))) {
          received.labelValues("bucket").inc();
        }
      } catch (RuntimeException e) {
        log.debug("sweep of {} failed: {}", w.job.id(), e.toString());
      }
      Duration doubled = w.sweepInterval.multipliedBy(2);
      w.sweepInterval = doubled.compareTo(LONGEST_SWEEP) > 0 ? LONGEST_SWEEP : doubled;
      w.nextSweep = now.plus(w.sweepInterval);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    sweeper.shutdownNow();
    listener.interrupt();
  }
}
