package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web tier's and the controller's {@code /metrics} after a few real uploads, read by Prometheus' own parser:
 * every family parses, and the histograms count what happened.
 */
class MetricsExpositionIT {
  private static final int IMAGES = 10;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path dataDir;

  @Test
  void bothTiersExposeParsableMetricsWithHistogramsOfWhatHappened() throws Exception {
    PrometheusText.assumeInstalled();
    List<Path> images = Reference.images(TestStack.IMAGENET_100).subList(0, IMAGES);
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 1, TestStack.SMALL_MODEL))) {
      URI web = URI.create("http://localhost:" + stack.web().port() + "/");
      var answers = images.stream().map(image -> {
        try {
          return http.sendAsync(new Multipart().file("inputFile", image.getFileName().toString(), "image/jpeg",
              Files.readAllBytes(image)).post(web), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
      for (var a : answers) {
        assertEquals(200, a.get().statusCode(), a.get().body());
      }

      PrometheusText.Families webMetrics = PrometheusText.parse(get(stack, web.resolve("/metrics")));
      PrometheusText.Family duration = webMetrics.get("iras_http_request_duration_seconds");
      assertEquals("histogram", duration.type());
      Map<String, String> posts = Map.of("handler", "course", "method", "POST");
      assertEquals(IMAGES, duration.value("iras_http_request_duration_seconds_count", posts));
      assertEquals(IMAGES, duration.value("iras_http_request_duration_seconds_bucket",
          Map.of("handler", "course", "method", "POST", "le", "+Inf")));
      assertEquals(IMAGES, webMetrics.get("iras_http_requests").value("iras_http_requests_total",
          Map.of("handler", "course", "method", "POST", "code", "200")));
      assertEquals(IMAGES, webMetrics.get("iras_jobs_accepted").value("iras_jobs_accepted_total", Map.of()));
      assertEquals("gauge", webMetrics.get("iras_request_queue_visible").type());

      // Workers report their forward passes in heartbeats, a second apart at most.
      URI controller = URI.create(stack.autoscaler().statusUrl()).resolve("metrics");
      PrometheusText.Families fleet = PrometheusText.parse(get(stack, controller));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (fleet.get("iras_worker_batch_images").value("iras_worker_batch_images_sum", Map.of()) < IMAGES) {
        assertTrue(System.nanoTime() < deadline, "the workers' passes never reached the controller");
        Thread.sleep(200);
        fleet = PrometheusText.parse(get(stack, controller));
      }
      PrometheusText.Family passes = fleet.get("iras_worker_inference_seconds");
      assertEquals("histogram", passes.type());
      double count = passes.value("iras_worker_inference_seconds_count", Map.of());
      assertTrue(count >= 1 && count <= IMAGES, () -> count + " forward passes for " + IMAGES + " images");
      assertEquals(count, passes.value("iras_worker_inference_seconds_bucket", Map.of("le", "+Inf")));
      assertEquals(IMAGES, fleet.get("iras_worker_batch_images").value("iras_worker_batch_images_sum", Map.of()));
      assertTrue(fleet.get("iras_fleet_scale_events").value("iras_fleet_scale_events_total",
          Map.of("event", "launch")) >= 1);
      assertEquals("gauge", fleet.get("iras_fleet_instances").type());
      assertEquals("gauge", fleet.get("iras_fleet_instances_desired").type());
    }
  }

  /** With the admin key, which the web tier's metrics need (the controller's, on loopback, ignore it). */
  private String get(LocalStack stack, URI uri) throws Exception {
    HttpResponse<String> r = http.send(TestStack.asAdmin(stack, HttpRequest.newBuilder(uri)),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    return r.body();
  }
}
