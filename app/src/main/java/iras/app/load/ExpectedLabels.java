package iras.app.load;

import iras.model.ImageClassifier;
import iras.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The label each image should get, by image name without extension ({@code test_00}). */
public final class ExpectedLabels {
  private final Map<String, String> byName;

  private ExpectedLabels(Map<String, String> byName) {
    this.byName = Map.copyOf(byName);
  }

  public Optional<String> of(String baseName) {
    return Optional.ofNullable(byName.get(baseName));
  }

  int size() {
    return byName.size();
  }

  /**
   * Reads either course format: {@code test_0.JPEG,bathtub} without a header, or {@code Image,Results} with a header
   * and names without extension. Labels may contain commas (synset names): everything after the first comma is the
   * label.
   */
  public static ExpectedLabels fromCsv(Path csv) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || (i == 0 && line.equalsIgnoreCase("Image,Results"))) {
        continue;
      }
      int comma = line.indexOf(',');
      if (comma <= 0) {
        throw new IOException(csv + " line " + (i + 1) + ": expected 'image,label', got '" + line + "'");
      }
      labels.put(ImageSet.baseName(Path.of(line.substring(0, comma).strip())), unquote(line.substring(comma + 1)));
    }
    return new ExpectedLabels(labels);
  }

  /** Classifies each distinct image in this process with {@code model}: the reference for any model and set. */
  static ExpectedLabels byClassifying(List<Path> images, ImageClassifier model, int batchSize) throws IOException {
    List<Path> distinct = List.copyOf(new LinkedHashSet<>(images));
    Map<String, String> labels = new LinkedHashMap<>();
    for (int from = 0; from < distinct.size(); from += batchSize) {
      List<Path> batch = distinct.subList(from, Math.min(distinct.size(), from + batchSize));
      List<byte[]> bytes = new java.util.ArrayList<>();
      for (Path p : batch) {
        bytes.add(Files.readAllBytes(p));
      }
      List<Prediction> predictions = model.classify(bytes);
      for (int i = 0; i < batch.size(); i++) {
        if (predictions.get(i).ok()) {
          labels.put(ImageSet.baseName(batch.get(i)), predictions.get(i).best().label());
        }
      }
    }
    return new ExpectedLabels(labels);
  }

  private static String unquote(String s) {
    String t = s.strip();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }
}
