package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import iras.app.worker.WorkerProcess;
import iras.core.cloud.Cloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs survive the web tier that accepted them: a course client waiting on {@code POST /} when it stops gets a 503
 * naming its job; every job is pending, not unknown, to a web tier started after, and the results, published while
 * no web tier ran, are there once one runs again.
 * The small model keeps it quick; each label is checked against in-process classification.
 */
class WebTierRestartIT {
  private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
  private static final Pattern JOB = Pattern.compile("The job ([0-9a-f-]{36}) ");
  private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

  @TempDir Path dataDir;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void jobsAcceptedBeforeARestartAreAnsweredAfterIt() throws Exception {
    List<Path> images = new ArrayList<>(Reference.images(TestStack.FACES_100).subList(0, 41));
    Reference.Pending labels = Reference.labelsMeanwhile(TestStack.SMALL_MODEL, images);

    // No workers yet: every job is still waiting when the web tier that took it stops.
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 0, TestStack.SMALL_MODEL))) {
      Map<String, String> expected = labels.get();
      List<String> ids = new ArrayList<>();
      Path waiting = images.get(images.size() - 1);
      CompletableFuture<HttpResponse<String>> course;
      try (EmbeddedWeb first = EmbeddedWeb.start(stack.settings())) {
        Multipart upload = new Multipart();
        for (Path image : images.subList(0, images.size() - 1)) {
          upload.file("file", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image));
        }
        HttpResponse<String> accepted = send(upload.post(api(first)));
        assertEquals(202, accepted.statusCode(), accepted::body);
        Matcher m = ID.matcher(accepted.body());
        while (m.find()) {
          ids.add(m.group(1));
        }
        // A course client waits on POST / while the web tier stops.
        course = http.sendAsync(new Multipart().file("inputFile", waiting.getFileName().toString(), "image/jpeg",
            Files.readAllBytes(waiting)).post(api(first).resolve("/")), HttpResponse.BodyHandlers.ofString());
        awaitWaiting(first, images.size());
      }
      HttpResponse<String> stopped = course.get(1, TimeUnit.MINUTES);
      assertEquals(503, stopped.statusCode(), stopped::body);
      assertTrue(stopped.body().startsWith("This web server is restarting. The job "), stopped.body());
      assertEquals("5", stopped.headers().firstValue("Retry-After").orElse(""));
      Matcher kept = JOB.matcher(stopped.body());
      assertTrue(kept.find(), stopped.body());
      ids.add(kept.group(1));
      assertEquals(images.size(), ids.size());

      try (EmbeddedWeb second = EmbeddedWeb.start(stack.settings())) {
        for (String id : ids) {
          HttpResponse<String> r = send(HttpRequest.newBuilder(api(second).resolve("/api/images/" + id)).build());
          assertEquals(200, r.statusCode(), r::body);
          assertTrue(r.body().contains("\"status\":\"pending\""), r.body());
        }
      }

      // A worker finishes every job while no web tier runs: the results sit on the response queue and in the bucket.
      Process worker = startWorker(stack);
      try (Cloud cloud = Cloud.connect(stack.settings())) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (cloud.requests().depth().total() > 0) {
          assertTrue(System.nanoTime() < deadline, "the worker did not drain the queue");
          Thread.sleep(200);
        }
      } finally {
        worker.destroy();
        worker.waitFor(60, TimeUnit.SECONDS);
      }

      try (EmbeddedWeb third = EmbeddedWeb.start(stack.settings())) {
        String all = String.join(",", ids);
        HttpResponse<String> r = send(HttpRequest.newBuilder(api(third).resolve("/api/images?ids=" + all)).build());
        assertEquals(200, r.statusCode(), r::body);
        Matcher status = STATUS.matcher(r.body());
        int done = 0;
        while (status.find()) {
          assertEquals("done", status.group(1), r.body());
          done++;
        }
        assertEquals(ids.size(), done);
        for (int i = 0; i < ids.size(); i++) {
          HttpResponse<String> one = send(HttpRequest.newBuilder(api(third).resolve("/api/images/" + ids.get(i)))
              .build());
          String label = expected.get(images.get(i).getFileName().toString());
          assertTrue(one.body().contains("\"name\":\"" + images.get(i).getFileName() + "\",\"status\":\"done\","
              + "\"label\":\"" + label + "\""), one.body());
        }
      }
    }
  }

  /** Until the web tier waits for {@code jobs} results, as its health check reports. */
  private void awaitWaiting(EmbeddedWeb web, int jobs) throws Exception {
    URI health = api(web).resolve("/healthz");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!send(HttpRequest.newBuilder(health).build()).body().contains("\"waiting\":" + jobs + "}")) {
      assertTrue(System.nanoTime() < deadline, "the POST / was not accepted");
      Thread.sleep(100);
    }
  }

  private Process startWorker(LocalStack stack) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(WorkerProcess.command(stack.settings()))
        .redirectErrorStream(true)
        .redirectOutput(dataDir.resolve("worker.log").toFile())
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(WorkerProcess.environment(stack.settings()));
    builder.environment().put("IRAS_INSTANCE_ID", "restart-test-worker");
    // Ends with this JVM even if the test is killed.
    builder.environment().put("IRAS_EXIT_WITH_PARENT", "true");
    return builder.start();
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI api(EmbeddedWeb web) {
    return URI.create("http://localhost:" + web.port() + "/api/images");
  }
}
