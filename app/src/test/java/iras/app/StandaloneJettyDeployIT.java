package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR on a standalone Jetty 12, installed by docker-free-scripts/install-web-jetty.sh into a fresh Jetty base,
 * with its settings in an environment file as on a bare host, classifies through the local stack's cloud and
 * worker. The build unpacks jetty-home and copies the WAR into target/standalone.
 */
class StandaloneJettyDeployIT {
  private static final Path STANDALONE = Path.of("target", "standalone");
  private static final Pattern LISTENING =
      Pattern.compile("Started oejs.ServerConnector@\\w+\\{[^}]*\\}\\{[^}]*:(\\d+)\\}");
  private static final Path SCRIPT = Path.of("..", "docker-free-scripts", "install-web-jetty.sh");

  @TempDir Path dataDir;
  @TempDir Path jettyBase;

  @Test
  void theWarDeployedByTheScriptAnswersTheCourseContract() throws Exception {
    Path jettyHome;
    try (var homes = Files.list(STANDALONE)) {
      jettyHome = homes.filter(p -> p.getFileName().toString().startsWith("jetty-home-")).findFirst().orElseThrow();
    }
    Path cat = TestStack.PHOTOS.resolve("cat.bmp");
    String label = Reference.labels(TestStack.SMALL_MODEL, List.of(cat)).get("cat.bmp");

    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 1, TestStack.SMALL_MODEL))) {
      Path env = Files.createTempFile(dataDir, "iras", ".env");
      StringBuilder lines = new StringBuilder();
      for (Map.Entry<String, String> e : stack.settings().asEnvironment().entrySet()) {
        lines.append(e.getKey()).append('=').append(e.getValue()).append('\n');
      }
      // The course's clients send no key; Jetty here listens beyond loopback, where uploads otherwise need one.
      lines.append("IRAS_OPEN_UPLOADS=true\n");
      Files.writeString(env, lines);
      // Port 0: Jetty picks a free one and names it in its log.
      Process jetty = new ProcessBuilder("bash", SCRIPT.toString(), "--war", STANDALONE.resolve("iras-webapp.war")
          .toString(), "--jetty-home", jettyHome.toString(), "--base", jettyBase.toString(), "--port",
          "0", "--env", env.toString(), "--foreground")
          .redirectErrorStream(true)
          .redirectOutput(dataDir.resolve("jetty.log").toFile())
          .start();
      try {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI root = URI.create("http://localhost:" + awaitListening(jetty) + "/");
        awaitHealthy(http, root, jetty);
        HttpRequest upload =
            new Multipart().file("inputFile", "cat.bmp", "image/bmp", Files.readAllBytes(cat)).post(root);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(upload, (n, v) -> true)
            .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        assertEquals("cat:" + label, r.body());
        HttpResponse<String> page =
            http.send(HttpRequest.newBuilder(root).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("Drop images here"), page.body());
        String metrics = http.send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/metrics"))),
            HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("iras_http_requests_total{code=\"200\",handler=\"course\",method=\"POST\"} 1.0"),
            metrics);
        // The fleet page's chart library comes from the webjar inside the WAR.
        HttpResponse<String> charts = http.send(
            HttpRequest.newBuilder(root.resolve("/webjars/uplot/dist/uPlot.iife.min.js")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, charts.statusCode());
        assertEquals("text/javascript;charset=utf-8",
            charts.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        assertTrue(charts.body().contains("uPlot"));
        assertTrue(Files.exists(jettyBase.resolve("webapps/ROOT.war")));
      } finally {
        jetty.destroy();
        if (!jetty.waitFor(30, TimeUnit.SECONDS)) {
          jetty.destroyForcibly();
        }
      }
    }
  }

  private int awaitListening(Process jetty) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      Matcher started = LISTENING.matcher(log());
      if (started.find()) {
        return Integer.parseInt(started.group(1));
      }
      assertTrue(jetty.isAlive(), () -> "Jetty exited: " + log());
      assertTrue(System.nanoTime() < deadline, () -> "Jetty did not start: " + log());
      Thread.sleep(250);
    }
  }

  private void awaitHealthy(HttpClient http, URI root, Process jetty) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      assertTrue(jetty.isAlive(), () -> "Jetty exited: " + log());
      assertTrue(System.nanoTime() < deadline, () -> "Jetty did not become healthy: " + log());
      try {
        if (http.send(HttpRequest.newBuilder(root.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString())
            .statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
  }

  private String log() {
    try {
      return Files.readString(dataDir.resolve("jetty.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
