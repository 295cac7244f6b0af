package iras.model.face;

import iras.model.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The reference implementation's outputs in the shared face-api folder ({@code reference/reference.json}). */
final class Reference {
  private static final JsonNode IMAGES = read();

  private Reference() {}

  private static JsonNode read() {
    try {
      return JsonMapper.builder().build()
          .readTree(Files.readAllBytes(SharedFiles.faceApi().resolve("reference/reference.json"))).path("images");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode image(String name) {
    JsonNode image = IMAGES.path(name);
    if (image.isMissingNode()) {
      throw new IllegalArgumentException("no reference for " + name);
    }
    return image;
  }

  static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  static FaceBox box(JsonNode detection) {
    return new FaceBox(detection.path("x").asDouble(), detection.path("y").asDouble(),
        detection.path("width").asDouble(), detection.path("height").asDouble(), detection.path("score").asDouble());
  }

  static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
