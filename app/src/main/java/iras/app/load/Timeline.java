package iras.app.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples, while a run goes on, how many requests are answered, how deep the request queue is (the web tier's
 * health check) and how many worker instances run (the controller's status, when its URL is given); writes them as
 * CSV and as a chart.
 */
final class Timeline implements AutoCloseable {
  private static final Duration EVERY = Duration.ofMillis(250);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  record Sample(double seconds, int answered, int queued, int inFlight, int instances) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI health;
  private final Optional<URI> controllerStatus;
  private final IntSupplier answered;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "timeline");
    t.setDaemon(true);
    return t;
  });
  private final long startNanos = System.nanoTime();

  Timeline(URI service, Optional<URI> controllerStatus, IntSupplier answered) {
    this.health = service.resolve("/healthz");
    this.controllerStatus = controllerStatus;
    this.answered = answered;
    timer.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void sample() {
    Optional<JsonNode> h = fetch(health);
    int instances = controllerStatus.flatMap(this::fetch).map(Timeline::runningInstances).orElse(-1);
    Sample s = new Sample((System.nanoTime() - startNanos) / 1e9, answered.getAsInt(),
        h.map(n -> n.path("queued").asInt(-1)).orElse(-1), h.map(n -> n.path("inFlight").asInt(-1)).orElse(-1),
        instances);
    synchronized (samples) {
      samples.add(s);
    }
  }

  /** The controller's count of instances not on their way out. */
  private static int runningInstances(JsonNode status) {
    return status.path("actual").asInt(-1);
  }

  private Optional<JsonNode> fetch(URI uri) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  void writeCsv(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("seconds,answered,queued,in_flight,instances\n");
    for (Sample s : samples()) {
      csv.append(String.format("%.3f,%d,%d,%d,%d%n", s.seconds(), s.answered(), s.queued(), s.inFlight(),
          s.instances()));
    }
    Files.writeString(file, csv);
  }

  /** Answered requests and queue depth on the left axis, instances on the right. */
  void writeChart(Path png, String title) throws IOException {
    List<Sample> all = samples();
    XYChart chart = new XYChartBuilder().width(1000).height(500).title(title)
        .xAxisTitle("seconds since the first request").yAxisTitle("requests").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setYAxisMin(0, 0.0);
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    double[] t = all.stream().mapToDouble(Sample::seconds).toArray();
    chart.addSeries("answered", t, all.stream().mapToDouble(Sample::answered).toArray());
    chart.addSeries("queue depth (waiting + in flight)", t,
        all.stream().mapToDouble(s -> Math.max(0, s.queued()) + Math.max(0, s.inFlight())).toArray());
    if (all.stream().anyMatch(s -> s.instances() >= 0)) {
      XYSeries instances = chart.addSeries("worker instances", t,
          all.stream().mapToDouble(s -> Math.max(0, s.instances())).toArray());
      instances.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "instances");
      // From 0, so a fleet at rest reads as none rather than as the axis floor; one above the peak leaves it visible.
      chart.getStyler().setYAxisMin(1, 0.0);
      chart.getStyler().setYAxisMax(1, all.stream().mapToDouble(s -> Math.max(0, s.instances())).max().orElse(0) + 1);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Stops sampling, with one last sample so the chart ends where the run did. */
  @Override
  public void close() {
    timer.shutdownNow();
    sample();
  }
}
