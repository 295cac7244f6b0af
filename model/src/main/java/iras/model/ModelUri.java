package iras.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model location: {@code <source>:<location>[?<option>=<value>[&…]]}, e.g.
 * {@code tflite:models/mobilenet_v2_1.0_224_quant.tflite}, {@code zoo:resnet50},
 * {@code zoo:squeezenet?weights=random}, {@code keras:gender_mini_XCEPTION.21-0.95.hdf5?labels=gender},
 * {@code dl4j:model.zip?input=224x224x3&labels=labels.txt}, {@code face}, {@code face:weights/face-api?align=false}.
 * See {@code Classifiers} for the classifier sources and options, {@code FaceModels} for {@code face}, whose
 * location is optional (without it the weights are downloaded and cached).
 */
public record ModelUri(String source, String location, Map<String, String> options) {
  public static final Set<String> SOURCES = Set.of("tflite", "zoo", "keras", "dl4j", "face");
  public static final Set<String> OPTIONS = Set.of("labels", "engine", "weights", "pixels", "input", "detector",
      "align", "size", "score", "whole-below", "unknown-beyond");
  /** Sources that need no location: {@code face} alone means the face weights from the cache or the web. */
  private static final Set<String> LOCATION_OPTIONAL = Set.of("face");

  public ModelUri {
    // Kept in order, so the text reads back as written.
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** @throws IllegalArgumentException naming what is wrong and what is accepted */
  public static ModelUri parse(String uri) {
    int colon = uri.indexOf(':');
    int sourceEnd = colon;
    for (String bare : LOCATION_OPTIONAL) {
      if (uri.equals(bare) || uri.startsWith(bare + "?")) {
        sourceEnd = bare.length();
      }
    }
    String source = sourceEnd < 0 ? "" : uri.substring(0, sourceEnd);
    if (!SOURCES.contains(source)) {
      throw new IllegalArgumentException("model \"" + uri + "\" names no model source; expected"
          + " tflite:<path or URL>, zoo:<name>, keras:<file.h5>, dl4j:<file.zip> or face[:<weights folder>],"
          + " optionally followed by ?labels=…, engine=…, weights=…, pixels=…, input=… (face: detector=tiny|none,"
          + " align=true|false, size=…, score=…, whole-below=…, unknown-beyond=…)");
    }
    String rest = sourceEnd == colon ? uri.substring(colon + 1) : uri.substring(sourceEnd);
    Map<String, String> options = new LinkedHashMap<>();
    int question = rest.lastIndexOf('?');
    if (question >= 0) {
      for (String pair : rest.substring(question + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (eq < 1 || !OPTIONS.contains(key)) {
          throw new IllegalArgumentException("model option \"" + pair + "\" in \"" + uri + "\" is not one of "
              + String.join(", ", OPTIONS.stream().sorted().toList()) + " (as name=value)");
        }
        options.put(key, pair.substring(eq + 1));
      }
      rest = rest.substring(0, question);
    }
    if (rest.isEmpty() && !LOCATION_OPTIONAL.contains(source)) {
      throw new IllegalArgumentException("model \"" + uri + "\" has no location after \"" + source + ":\"");
    }
    return new ModelUri(source, rest, options);
  }

  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  public ModelUri withLocation(String newLocation) {
    return new ModelUri(source, newLocation, options);
  }

  /** The URI as text, as {@link #parse} reads it. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(source);
    if (!location.isEmpty()) {
      text.append(':').append(location);
    }
    String separator = "?";
    for (Map.Entry<String, String> o : options.entrySet()) {
      text.append(separator).append(o.getKey()).append('=').append(o.getValue());
      separator = "&";
    }
    return text.toString();
  }
}
