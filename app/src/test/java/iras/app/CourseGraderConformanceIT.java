package iras.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.load.LoadRun;
import iras.app.load.Outcome;
import iras.app.load.ProgressBar;
import iras.app.local.LocalCommand.LocalStack;
import iras.core.cloud.CloudClients;
import iras.core.cloud.CloudLayout;
import iras.core.job.ImageJob;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What the course's Part-2 grader checks, against the whole local stack in the course's profile, read the way the
 * grader reads it (the SQS and S3 APIs, the controller's status): the request queue's maximum message size, both
 * queues empty before and after, exactly one object per request in each bucket with the right content, instances
 * 0 → the maximum → 0. Then the same burst again, which the Spring 2026 grader expects to be answered from stored
 * results: every answer the same, and no worker started, so no inference.
 */
class CourseGraderConformanceIT {
  private static final String DEPLOYMENT = "1225754101";
  private static final int WORKERS = 2;
  private static final Duration QUEUES_EMPTY_WITHIN = Duration.ofSeconds(10);
  private static final Duration AT_REST_WITHIN = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void aBurstLeavesTheCoursesObjectsAndEmptyQueuesAndTheSameBurstAgainNeedsNoWorker() throws Exception {
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, WORKERS)
            .with(Map.of("deployment", DEPLOYMENT, "course", true)));
        SqsClient sqs = CloudClients.sqs(stack.settings())) {
      CloudLayout layout = stack.clients().layout();
      assertEquals(DEPLOYMENT + "-in-bucket", layout.inputBucket());
      assertEquals(DEPLOYMENT + "-out-bucket", layout.outputBucket());
      assertEquals("1024", attributes(sqs, layout.requestQueue()).get("MaximumMessageSize"));
      assertQueuesEmpty(sqs, layout, Duration.ZERO);
      assertEquals(List.of(), stack.clients().store().keys(layout.inputBucket(), ""));
      assertEquals(List.of(), stack.clients().store().keys(layout.outputBucket(), ""));

      Map<String, byte[]> images = imagenet100();
      Burst first = burst(stack, images);
      assertEquals(100, first.answers().size(), first::toString);
      assertEquals(WORKERS, first.mostInstances(), "instances 0 -> the maximum");
      assertQueuesEmpty(sqs, layout, QUEUES_EMPTY_WITHIN);
      awaitNoInstance(stack);

      Map<String, String> inputs = new TreeMap<>();
      for (String key : stack.clients().store().keys(layout.inputBucket(), "")) {
        assertArrayEquals(images.get(key), stack.clients().store().get(layout.inputBucket(), key), key);
        inputs.put(key, "");
      }
      assertEquals(images.keySet(), inputs.keySet(), "the input bucket holds each upload under its name, only");
      Map<String, String> outputs = new TreeMap<>();
      for (String key : stack.clients().store().keys(layout.outputBucket(), "")) {
        outputs.put(key, new String(stack.clients().store().get(layout.outputBucket(), key), StandardCharsets.UTF_8));
      }
      assertEquals(first.answers(), outputs, "the output bucket holds test_N -> the answer's label, only");

      URI web = URI.create("http://127.0.0.1:" + stack.web().port() + "/metrics");
      URI controller = URI.create(stack.autoscaler().statusUrl()).resolve("metrics");
      double hitsBefore = sample(stack, web, "iras_stored_answers_total{outcome=\"hit\"}");
      double inferredBefore = awaitInferred(stack, controller, 100);

      Burst again = burst(stack, images);
      assertEquals(first.answers(), again.answers(), "every answer the same");
      assertEquals(0, again.mostInstances(), "no worker started: every answer came from the store");
      assertEquals(hitsBefore + 100, sample(stack, web, "iras_stored_answers_total{outcome=\"hit\"}"));
      assertEquals(inferredBefore, sample(stack, controller, "iras_worker_batch_images_sum"), "no inference");
      assertQueuesEmpty(sqs, layout, QUEUES_EMPTY_WITHIN);
      assertEquals(100, stack.clients().store().keys(layout.inputBucket(), "").size());
      assertEquals(100, stack.clients().store().keys(layout.outputBucket(), "").size());
      System.out.printf("imagenet-100 in the course profile: first burst %d ms, again from the store %d ms%n",
          first.millis(), again.millis());
    }
  }

  /** Each answer by the name without extension, the most instances seen active meanwhile, and the time it took. */
  record Burst(Map<String, String> answers, int mostInstances, long millis) {}

  private static Burst burst(LocalStack stack, Map<String, byte[]> images) throws Exception {
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger most = new AtomicInteger();
    Thread watcher = new Thread(() -> {
      while (sending.get()) {
        try {
          int active = (int) stack.autoscaler().status().toCompletableFuture().get().instances().stream()
              .filter(v -> v.state().active()).count();
          most.accumulateAndGet(active, Math::max);
          Thread.sleep(50);
        } catch (Exception e) {
          return;
        }
      }
    });
    watcher.start();
    long start = System.nanoTime();
    List<Outcome> outcomes;
    try {
      outcomes = new LoadRun(URI.create("http://127.0.0.1:" + stack.web().port() + "/"), "inputFile", 100,
          Duration.ofMinutes(3)).sendAll(images.entrySet().stream()
              .map(e -> new LoadRun.Image(e.getKey(), e::getValue)).toList(), silent());
    } finally {
      sending.set(false);
      watcher.join();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    Map<String, String> answers = new TreeMap<>();
    for (Outcome o : outcomes) {
      assertEquals(200, o.status(), o::toString);
      String[] nameLabel = o.body().split(":", 2);
      assertEquals(ImageJob.baseName(o.name()), nameLabel[0], o::toString);
      answers.put(nameLabel[0], nameLabel[1]);
    }
    return new Burst(answers, most.get(), millis);
  }

  private static Map<String, byte[]> imagenet100() throws Exception {
    Map<String, byte[]> images = new TreeMap<>();
    try (var files = Files.list(TestStack.IMAGENET_100)) {
      for (Path f : files.toList()) {
        images.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    assertEquals(100, images.size());
    return images;
  }

  private static Map<String, String> attributes(SqsClient sqs, String queue) {
    String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
  }

  /** Both queues hold nothing, visible or in flight, now or within {@code within}. */
  private static void assertQueuesEmpty(SqsClient sqs, CloudLayout layout, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    for (String queue : List.of(layout.requestQueue(), layout.responseQueue())) {
      String held;
      while (!(held = held(attributes(sqs, queue))).equals("0 0") && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertEquals("0 0", held, queue + ": visible and in flight");
    }
  }

  private static String held(Map<String, String> attributes) {
    return attributes.get("ApproximateNumberOfMessages") + " " + attributes.get("ApproximateNumberOfMessagesNotVisible");
  }

  private static void awaitNoInstance(LocalStack stack) throws Exception {
    long deadline = System.nanoTime() + AT_REST_WITHIN.toNanos();
    int left;
    while ((left = stack.autoscaler().status().toCompletableFuture().get().instances().size()) > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(0, left, "instances back to 0 once the queue drained");
  }

  /** Waits for the workers' heartbeats to have reported {@code images} inferred; returns the sum reported. */
  private static double awaitInferred(LocalStack stack, URI controllerMetrics, int images) throws Exception {
    long deadline = System.nanoTime() + AT_REST_WITHIN.toNanos();
    double inferred;
    while ((inferred = sample(stack, controllerMetrics, "iras_worker_batch_images_sum")) < images
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertTrue(inferred >= images, "the first burst's inferences reported: " + inferred);
    return inferred;
  }

  /** The series' value, 0 while nothing has counted it yet. */
  private static double sample(LocalStack stack, URI metrics, String series) throws Exception {
    String text = HttpClient.newHttpClient().send(TestStack.asAdmin(stack, HttpRequest.newBuilder(metrics)),
        HttpResponse.BodyHandlers.ofString()).body();
    return PrometheusText.sample(text, series).orElse(0);
  }


  private static ProgressBar silent() {
    return new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), 100, false);
  }
}
