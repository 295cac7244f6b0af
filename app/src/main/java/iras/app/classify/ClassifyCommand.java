package iras.app.classify;

import iras.core.settings.Settings;
import iras.worker.WorkerModels;
import iras.model.Guess;
import iras.model.ImageClassifier;
import iras.model.Prediction;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "classify",
    description = "Classify image files in this process, without the service: the reference for correctness.")
public final class ClassifyCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (JPEG, PNG, BMP, GIF).")
  List<Path> images;

  @Spec CommandSpec spec;

  @Option(names = "--model", description = "Model URI: tflite:<file or URL>, zoo:<resnet50|squeezenet|vgg16|darknet19>,"
      + " keras:<file.h5> or dl4j:<file.zip>, optionally ?labels=…; see docs/MODELS.md (default: iras.worker.model).")
  String model;

  @Option(names = "--top", defaultValue = "1", description = "How many labels to print per image.")
  int top;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load().withGiven("worker.model", model);
    PrintWriter out = spec.commandLine().getOut();
    int failures = 0;
    try (ImageClassifier classifier = WorkerModels.load(settings)) {
      for (int from = 0; from < images.size(); from += settings.batchSize()) {
        List<Path> batch = images.subList(from, Math.min(images.size(), from + settings.batchSize()));
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : batch) {
          bytes.add(Files.readAllBytes(p));
        }
        List<Prediction> predictions = classifier.classify(bytes);
        for (int i = 0; i < batch.size(); i++) {
          Prediction p = predictions.get(i);
          if (p.error() != null) {
            failures++;
            out.printf("%s: error: %s%n", batch.get(i), p.error());
            continue;
          }
          StringBuilder line = new StringBuilder(batch.get(i).toString()).append(':');
          for (Guess g : p.top5().subList(0, Math.min(top, p.top5().size()))) {
            line.append(String.format(" %s (%.3f)", g.label(), g.confidence()));
          }
          out.println(line);
        }
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
