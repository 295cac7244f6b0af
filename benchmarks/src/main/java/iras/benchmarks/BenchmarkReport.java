package iras.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON results into the tables and charts of docs/BENCHMARKS.md: images per second from the median
 * time per operation (batch / median), with the spread JMH reports.
 *
 * <p>{@code BenchmarkReport <results folder> <chart folder>} reads the folder's *.json files (one per JMH run),
 * prints a Markdown table per file and writes mobilenets.png and zoo.png (images/s by batch and threads) and
 * costs.png (MobileNetV2 by kernels and libnd4j build) and engines.png (TensorFlow Lite against DL4J) from the runs
 * named so.
 */
public final class BenchmarkReport {
  /** One measured configuration. */
  record Result(String benchmark, Map<String, String> params, double medianMs, double errorMs, double minMs,
                double maxMs, double cpuMsPerImage) {
    int batch() {
      return Integer.parseInt(params.getOrDefault("batch", "1"));
    }

    double imagesPerSecond() {
      return batch() * 1000 / medianMs;
    }

    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  private BenchmarkReport() {}

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args[0]);
    Path charts = Path.of(args[1]);
    Files.createDirectories(charts);
    Map<String, List<Result>> runs = new LinkedHashMap<>();
    try (var files = Files.list(results)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        runs.put(f.getFileName().toString().replace(".json", ""), read(f));
      }
    }
    for (Map.Entry<String, List<Result>> run : runs.entrySet()) {
      System.out.println("### " + run.getKey() + "\n");
      System.out.println(table(run.getValue()));
    }
    List<Result> zoo = runs.entrySet().stream().filter(e -> e.getKey().startsWith("zoo") || e.getKey().equals("vgg16"))
        .flatMap(e -> e.getValue().stream()).toList();
    chart(runs.getOrDefault("mobilenets", List.of()), r -> r.param("model") + ", " + r.param("threads") + " thread(s)",
        r -> "batch " + r.batch(), "TFLite MobileNets: images/s by batch size and inference threads (one process)",
        charts.resolve("mobilenets.png"));
    chart(zoo, r -> r.param("model") + ", " + r.param("threads") + " thread(s)", r -> "batch " + r.batch(),
        "deeplearning4j-zoo (untrained weights): images/s by batch size and inference threads",
        charts.resolve("zoo.png"));
    chart(runs.getOrDefault("costs", List.of()),
        r -> r.param("kernels").toLowerCase(Locale.ROOT) + " kernels, batch " + r.batch(), r -> r.param("nativeBuild"),
        "MobileNetV2 1.0/224, 1 thread: images/s by kernels and libnd4j build", charts.resolve("costs.png"));
    chart(runs.getOrDefault("engines", List.of()),
        r -> r.param("engine") + ", " + r.param("threads") + " thread(s), decoding " + r.param("decoding"),
        r -> r.param("images") + ", batch " + r.batch(),
        "MobileNetV2 1.0/224 quant: images/s by engine (log scale)", charts.resolve("engines.png"), true);
  }

  static List<Result> read(Path file) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(file.toFile());
    List<Result> out = new ArrayList<>();
    for (JsonNode b : root) {
      Map<String, String> params = new LinkedHashMap<>();
      if (b.has("params")) {
        b.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
      }
      JsonNode m = b.get("primaryMetric");
      JsonNode p = m.get("scorePercentiles");
      JsonNode aux = b.path("secondaryMetrics");
      double cpu = aux.has("cpuMs") ? total(aux.get("cpuMs")) / total(aux.get("images")) : Double.NaN;
      out.add(new Result(b.get("benchmark").asString().replaceFirst(".*\\.(\\w+)\\.\\w+$", "$1"), params,
          p.get("50.0").asDouble(), m.get("scoreError").asDouble(), p.get("0.0").asDouble(),
          p.get("100.0").asDouble(), cpu));
    }
    return out;
  }

  /** The sum over every measured iteration of an auxiliary counter. */
  private static double total(JsonNode metric) {
    double sum = 0;
    for (JsonNode fork : metric.get("rawData")) {
      for (JsonNode iteration : fork) {
        sum += iteration.asDouble();
      }
    }
    return sum;
  }

  static String table(List<Result> results) {
    List<String> names = results.stream().flatMap(r -> r.params().keySet().stream()).distinct().toList();
    boolean images = results.stream().noneMatch(r -> r.benchmark().contains("Preprocess"));
    StringBuilder t = new StringBuilder("| " + String.join(" | ", names)
        + " | median ms/op | ± error (99.9%) | min–max | " + (images ? "images/s | " : "")
        + "CPU ms/image (1 thread) |\n|");
    t.append(" --- |".repeat(names.size() + (images ? 5 : 4))).append('\n');
    for (Result r : results) {
      t.append("| ").append(names.stream().map(r::param).collect(Collectors.joining(" | ")))
          .append(String.format(Locale.ROOT, " | %.1f | %.1f | %.1f–%.1f |", r.medianMs(), r.errorMs(), r.minMs(),
              r.maxMs()));
      if (images) {
        t.append(String.format(Locale.ROOT, " %.1f |", r.imagesPerSecond()));
      }
      t.append(r.param("threads").equals("2") ? " |" : String.format(Locale.ROOT, " %.1f |", r.cpuMsPerImage()));
      t.append('\n');
    }
    return t.toString();
  }

  private static void chart(List<Result> kept, Function<Result, String> series, Function<Result, String> x,
      String title, Path file) throws IOException {
    chart(kept, series, x, title, file, false);
  }

  private static void chart(List<Result> kept, Function<Result, String> series, Function<Result, String> x,
      String title, Path file, boolean logarithmic) throws IOException {
    if (kept.isEmpty()) {
      return;
    }
    CategoryChart chart = new CategoryChartBuilder().width(1100).height(600).title(title)
        .xAxisTitle("").yAxisTitle("images/s").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisLogarithmic(logarithmic);
    List<String> categories = kept.stream().sorted(Comparator.comparingInt(Result::batch)).map(x).distinct().toList();
    Map<String, List<Result>> bySeries = kept.stream()
        .collect(Collectors.groupingBy(series, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Result>> s : bySeries.entrySet()) {
      List<Double> values = new ArrayList<>();
      for (String c : categories) {
        values.add(s.getValue().stream().filter(r -> x.apply(r).equals(c)).mapToDouble(Result::imagesPerSecond)
            .findFirst().orElse(0));
      }
      chart.addSeries(s.getKey(), categories, values);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
