package iras.model.labels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** The display names of the 1000 ImageNet-1k classes, shipped as resources (see NOTICE beside them). */
public enum ImageNetLabels {
  /** The first name of each class's synset: "tabby, tabby cat" is "tabby", class 285 is "Egyptian cat". */
  SYNSET,
  /** The short names the course's reference model used (imagenet-simple-labels): class 285 is "Egyptian Mau". */
  SIMPLE;

  private static final int CLASSES = 1000;
  private static final String BACKGROUND = "background";

  /**
   * One name per model output. Models with 1001 outputs (TensorFlow's slim MobileNets) put "background" at
   * index 0 and the 1000 classes after it; models with 1000 outputs are the classes alone.
   */
  public List<String> forOutputs(int outputs) {
    List<String> classes = classNames();
    if (outputs == CLASSES) {
      return classes;
    }
    if (outputs == CLASSES + 1) {
      List<String> withBackground = new ArrayList<>(outputs);
      withBackground.add(BACKGROUND);
      withBackground.addAll(classes);
      return List.copyOf(withBackground);
    }
    throw new IllegalArgumentException("a model with " + outputs + " outputs is not an ImageNet classifier"
        + " (expected " + CLASSES + " or " + (CLASSES + 1) + ")");
  }

  private List<String> classNames() {
    List<String> names = switch (this) {
      case SYNSET -> synsetFirstNames();
      case SIMPLE -> simpleNames();
    };
    if (names.size() != CLASSES) {
      throw new IllegalStateException(name() + " label resource holds " + names.size() + " names, not "
          + CLASSES);
    }
    return names;
  }

  private static List<String> synsetFirstNames() {
    List<String> names = new ArrayList<>(CLASSES);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open("imagenet_labels.txt"),
        StandardCharsets.UTF_8))) {
      String line = in.readLine();
      if (!BACKGROUND.equals(line)) {
        throw new IllegalStateException("imagenet_labels.txt must start with \"background\"");
      }
      while ((line = in.readLine()) != null) {
        int comma = line.indexOf(',');
        names.add((comma < 0 ? line : line.substring(0, comma)).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(names);
  }

  private static List<String> simpleNames() {
    try (InputStream in = open("imagenet-simple-labels.json")) {
      return List.of(JsonMapper.builder().build().readValue(in, String[].class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ImageNetLabels.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("label resource " + resource + " is missing from the classpath");
    }
    return in;
  }
}
