package iras.app.load;

import iras.app.keys.ClientKey;
import iras.core.job.Json;
import iras.core.settings.Settings;
import iras.worker.WorkerModels;
import iras.model.ImageClassifier;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "load",
    description = "The course's workload client: send images concurrently to POST /, check every answer, "
        + "report latency; optionally chart the run.")
public final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://localhost:8000/", description = "Service URL (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--images", required = true, description = "Folder of images to send.")
  Path images;

  @Option(names = {"-n", "--requests"}, description = "How many requests (default: one per image).")
  Integer requests;

  @Option(names = "--random", description = "Send a random sample instead of the first N in name order.")
  boolean random;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of --random, to repeat a run exactly.")
  long seed;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "100", description = "Requests open at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--field", defaultValue = "inputFile", description = "Multipart field (older clients: myfile).")
  String field;

  @Option(names = "--expected", description = "Expected labels, CSV in either course format.")
  Path expected;

  @Option(names = "--reference", description = "Expected labels from classifying each image in this process.")
  boolean reference;

  @Option(names = "--model", description = "Model of --reference (default: iras.worker.model).")
  String model;

  @Option(names = "--bare-label", description = "Answers are the label alone (older clients), not name:label.")
  boolean bareLabel;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "Longest wait per request, ISO-8601 (default: 5 min).")
  Duration timeout;

  @Option(names = "--report", description = "Write the report as JSON here.")
  Path report;

  @Option(names = "--status-url", description = "Controller status URL, to chart the instances.")
  URI statusUrl;

  @Option(names = "--timeline", description = "Write the timeline here: <name>.csv and <name>.png.")
  Path timeline;

  @Mixin ClientKey key;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> chosen = ImageSet.choose(images, requests, random, seed);
    Optional<ExpectedLabels> labels = expectedLabels(chosen, out);

    LoadRun run = new LoadRun(url, field, concurrency, timeout, key.resolve(url));
    Optional<Timeline> sampler =
        Optional.ofNullable(timeline).map(t -> new Timeline(url, Optional.ofNullable(statusUrl), run::done));
    List<Outcome> outcomes;
    try {
      outcomes = run.send(chosen, new ProgressBar(System.err, chosen.size(), System.console() != null));
    } finally {
      sampler.ifPresent(Timeline::close);
    }
    LoadReport result = LoadReport.of(outcomes, labels, bareLabel).comparedWith(direct);

    result.problems().stream().limit(20).forEach(p -> out.println("  " + p));
    if (result.problems().size() > 20) {
      out.println("  … and " + (result.problems().size() - 20) + " more (see --report)");
    }
    out.println(result.summary());
    if (report != null) {
      Files.writeString(report, Json.write(result));
    }
    if (sampler.isPresent()) {
      Path csv = timeline.resolveSibling(timeline.getFileName() + ".csv");
      Path png = timeline.resolveSibling(timeline.getFileName() + ".png");
      sampler.get().writeCsv(csv);
      sampler.get().writeChart(png, chosen.size() + " requests at concurrency " + concurrency);
      out.println("timeline: " + csv + ", chart: " + png);
    }
    return result.allAnsweredAndCorrect() ? 0 : 1;
  }

  /** Images per second of the in-process reference classification, when {@code --reference} ran one. */
  private Double direct;

  private Optional<ExpectedLabels> expectedLabels(List<Path> chosen, PrintWriter out) throws Exception {
    if (expected != null) {
      return Optional.of(ExpectedLabels.fromCsv(expected));
    }
    if (!reference) {
      return Optional.empty();
    }
    Settings settings = Settings.load().withGiven("worker.model", model);
    try (ImageClassifier classifier = WorkerModels.load(settings)) {
      long start = System.nanoTime();
      ExpectedLabels labels = ExpectedLabels.byClassifying(chosen, classifier, settings.batchSize());
      double seconds = (System.nanoTime() - start) / 1e9;
      int distinct = (int) chosen.stream().distinct().count();
      direct = distinct / seconds;
      out.printf("direct in-process classification (the reference): %d images in %.2f s, %.1f images/s "
          + "(%d thread, batches of %d)%n", distinct, seconds, direct, settings.workerThreads(), settings.batchSize());
      return Optional.of(labels);
    }
  }
}
