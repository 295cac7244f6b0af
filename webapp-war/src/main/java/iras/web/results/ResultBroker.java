package iras.web.results;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.cloud.ReceivedMessage;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each finished result to whoever waits for it. Results arrive on the response queue (the fast path); a
 * result this process missed (another web process took its message, or it arrived before a restart) is found in
 * the output bucket, the source of truth, by a slower sweep over the jobs still waiting.
 */
public final class ResultBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResultBroker.class);
  private static final Duration SWEEP_AFTER = Duration.ofSeconds(15);

  private final Cloud cloud;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Thread listener;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
      r -> new Thread(r, "result-sweeper"));
  private volatile boolean running = true;

  private record Pending(CompletableFuture<ImageResult> future, Instant since) {}

  public ResultBroker(Cloud cloud) {
    this.cloud = cloud;
    this.listener = new Thread(this::listen, "result-listener");
    listener.setDaemon(true);
    listener.start();
    sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
  }

  /** A future completed with the result of job {@code id}. */
  public CompletableFuture<ImageResult> expect(String id) {
    CompletableFuture<ImageResult> future = new CompletableFuture<>();
    pending.put(id, new Pending(future, Instant.now()));
    // A waiter that gives up must not leave its entry behind.
    future.whenComplete((r, e) -> pending.remove(id));
    return future;
  }

  public int waiting() {
    return pending.size();
  }

  private void listen() {
    while (running) {
      try {
        List<ReceivedMessage> messages = cloud.responses().receive(10, Duration.ofSeconds(20));
        for (ReceivedMessage m : messages) {
          deliver(m);
          // Deleted even when nobody here waits: the output bucket keeps every result for whoever asks later.
          cloud.responses().delete(m);
        }
      } catch (RuntimeException e) {
        if (running) {
          log.warn("response queue unavailable, retrying: {}", e.toString());
          sleep(Duration.ofSeconds(1));
        }
      }
    }
  }

  private void deliver(ReceivedMessage m) {
    try {
      ImageResult result = Json.read(m.body(), ImageResult.class);
      Pending p = pending.get(result.id());
      if (p != null) {
        p.future().complete(result);
      }
    } catch (Json.MalformedMessageException e) {
      log.warn("dropping unreadable response message: {}", e.getMessage());
    }
  }

  private void sweep() {
    Instant cutoff = Instant.now().minus(SWEEP_AFTER);
    pending.forEach(
        (id, p) -> {
          if (p.since().isBefore(cutoff) && running) {
            try {
              cloud.store()
                  .find(cloud.layout().outputBucket(), CloudLayout.resultKey(id))
                  .ifPresent(bytes -> p.future().complete(Json.read(bytes, ImageResult.class)));
            } catch (RuntimeException e) {
              log.debug("sweep of {} failed: {}", id, e.toString());
            }
          }
        });
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
