package iras.model.labels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The display names of a model's outputs, from the {@code labels} option of its URI: a built-in set or a text file
 * with one label per line, in output order. Without the option, a model with ImageNet's 1000 (or 1001) outputs gets
 * the deployment's ImageNet names; any other model must name its labels.
 */
public final class Labels {
  /** Sets that ship with the service, for the models it documents. */
  private static final Map<String, List<String>> BUILT_IN = Map.of(
      // FER-2013's classes in its own order, as the face-classification emotion model outputs them.
      "fer2013", List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"),
      // The face-classification gender model's two outputs.
      "gender", List.of("woman", "man"));

  private Labels() {}

  /**
   * @param spec {@code synset}, {@code simple}, {@code fer2013}, {@code gender}, a file path, or null for the default
   * @param imageNet the ImageNet names to use when {@code spec} is null
   * @throws IllegalArgumentException when there is no label per output
   */
  public static List<String> forOutputs(String spec, int outputs, ImageNetLabels imageNet) {
    List<String> labels;
    if (spec == null) {
      if (outputs != 1000 && outputs != 1001) {
        throw new IllegalArgumentException("the model has " + outputs + " outputs, not ImageNet's 1000; name its"
            + " labels with ?labels=<file, one label per line> or one of fer2013, gender");
      }
      labels = imageNet.forOutputs(outputs);
    } else if (BUILT_IN.containsKey(spec)) {
      labels = BUILT_IN.get(spec);
    } else if (spec.equals("synset") || spec.equals("simple")) {
      labels = ImageNetLabels.valueOf(spec.toUpperCase(Locale.ROOT)).forOutputs(outputs);
    } else {
      labels = read(Path.of(spec));
    }
    if (labels.size() != outputs) {
      throw new IllegalArgumentException("the model has " + outputs + " outputs but labels " + spec + " name "
          + labels.size() + "; give the model's own with ?labels=<file, one label per line> or one of synset,"
          + " simple, fer2013, gender");
    }
    return labels;
  }

  private static List<String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("label file " + file.toAbsolutePath() + " does not exist (labels are one"
          + " of synset, simple, fer2013, gender, or a file with one label per line)");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
          .filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read label file " + file, e);
    }
  }
}
