package iras.app.local;

import iras.app.load.LoadRun;
import iras.app.load.Outcome;
import iras.app.load.ProgressBar;
import iras.app.local.LocalCommand.LocalStack;
import iras.controller.status.FleetStatus;
import iras.core.cloud.Cloud;
import iras.core.cloud.CloudLayout;
import iras.core.faces.GalleryStore;
import iras.core.job.AnswerKey;
import iras.core.settings.Settings;
import iras.model.WarmUp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Sends synthetic images through the whole local service before it is announced: uploads over HTTP, the embedded S3
 * and SQS, a launch of the resident workers, their classification and publishing, the answers. A fresh service
 * otherwise meets its first real burst with all of that code still interpreted or being compiled, on the same cores
 * as inference (imagenet-100 from 0 instances: 0.6 of direct throughput on a fresh service's first burst, 0.9 and
 * more once it has served one; docs/PERFORMANCE.md). The warm-up's objects are removed and the fleet is left to
 * return to rest, so the service is announced as a user would find it later: warm, and at 0 running instances.
 */
public final class StartupWarmUp {
  /** Long enough for workers started from nothing (no resident pool): JVM, model import, then the images. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration REST_TIMEOUT = Duration.ofSeconds(30);
  /** As many at once as the course's clients and the load command send: the bursts the service is warmed for. */
  private static final int AT_ONCE = 100;

  /**
   * @param answered requests answered with a label; the first of the rest is described in {@code problem}
   * @param removed the answered jobs, whose image and result were removed from the buckets
   */
  public record Done(int requests, int answered, String problem, List<String> removed, long millis) {}

  private StartupWarmUp() {}

  public static Done run(LocalStack stack, int requests, PrintStream progress) throws IOException, InterruptedException {
    long start = System.nanoTime();
    // Each image its own: the same bytes again would be answered without the inference the warm-up is for.
    List<byte[]> jpegs = IntStream.range(0, requests).mapToObj(i -> WarmUp.syntheticJpeg(320, 240, 546 + i)).toList();
    List<LoadRun.Image> images = IntStream.range(0, requests)
        .mapToObj(i -> new LoadRun.Image(name(i), () -> jpegs.get(i)))
        .toList();
    URI root = URI.create("http://127.0.0.1:" + stack.web().port() + "/");
    List<Outcome> outcomes = new LoadRun(root, "inputFile", Math.min(requests, AT_ONCE), ANSWER_TIMEOUT,
            Optional.of(stack.adminKey()))
        .sendAll(images, new ProgressBar(progress, requests, System.console() != null));
    // A worker's error answer went through the whole path too: a face model with no one enrolled yet gives one.
    Map<Boolean, List<Outcome>> byAnswer = outcomes.stream()
        .collect(Collectors.partitioningBy(o -> o.answered() || o.status() == 422));
    // Answered jobs only: one not answered may still be queued, and its worker would miss its image.
    List<String> removed = byAnswer.get(true).stream().flatMap(o -> o.jobId().stream()).toList();
    removeObjects(stack.clients(), removed);
    forgetAnswers(stack, jpegs);
    IntStream.range(0, requests).forEach(i -> stack.clients().course().remove(name(i)));
    awaitRest(stack);
    String problem = byAnswer.get(false).stream().findFirst().map(o -> o.status() + " " + o.body()).orElse("");
    return new Done(requests, byAnswer.get(true).size(), problem, removed, (System.nanoTime() - start) / 1_000_000);
  }

  private static String name(int i) {
    return "iras-warm-up-" + i + ".jpg";
  }

  /** A later start must not be answered from the warm-up's answers. */
  private static void forgetAnswers(LocalStack stack, List<byte[]> jpegs) {
    Settings settings = stack.settings();
    Cloud cloud = stack.clients();
    String model = AnswerKey.modelIdentity(settings);
    String gallery = settings.faceModel() ? GalleryStore.of(cloud).version() : null;
    jpegs.forEach(jpeg -> cloud.answers().forget(AnswerKey.of(jpeg, model, gallery)));
  }

  private static void removeObjects(Cloud cloud, List<String> jobs) {
    for (String id : jobs) {
      cloud.store().delete(cloud.layout().imageBucket(), CloudLayout.imageKey(id));
      cloud.results().delete(id);
    }
  }

  private static void awaitRest(LocalStack stack) throws InterruptedException {
    long deadline = System.nanoTime() + REST_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        FleetStatus s = stack.autoscaler().status().toCompletableFuture().get(5, TimeUnit.SECONDS);
        // Stopping instances are still listed: at rest means they have gone too.
        if (s.instances().size() <= s.min()) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        // The controller is busy or stopping: look again, until the deadline.
      }
      Thread.sleep(100);
    }
  }
}
