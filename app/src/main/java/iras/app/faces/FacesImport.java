package iras.app.faces;

import iras.app.load.ExpectedLabels;
import iras.app.load.ImageSet;
import iras.app.load.LoadRun;
import iras.app.load.Outcome;
import iras.app.load.ProgressBar;
import iras.core.job.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Enrols a folder of images under the labels of a course CSV ({@code Image,Results}, {@code test_00,Paul}), one
 * {@code POST /api/faces} per image, a few at a time, with the load client's progress bar.
 */
public final class FacesImport {
  /**
   * @param enrolled images added to the gallery, {@code withoutFace} of them described whole (no face was found)
   * @param severalFaces enrolled images in which several faces were found, each with the service's note on which
   *     face was taken
   * @param unlabelled images of the folder the CSV names no one for, left out
   * @param notEnrolled why images were not enrolled, each reason with its images, in the order first met
   */
  public record Summary(int images, int enrolled, int withoutFace, Map<String, String> severalFaces,
                        List<String> unlabelled, Map<String, List<String>> notEnrolled) {}

  private FacesImport() {}

  /** @param key an admin key, sent with every enrolment */
  public static Summary run(URI service, Optional<String> key, Path csv, Path folder, int concurrency,
      Duration timeout, PrintStream progress) throws IOException, InterruptedException {
    ExpectedLabels labels = ExpectedLabels.fromCsv(csv);
    List<LoadRun.Image> images = new ArrayList<>();
    List<String> unlabelled = new ArrayList<>();
    for (Path file : ImageSet.choose(folder, null, false, 0)) {
      Optional<String> person = labels.of(ImageSet.baseName(file));
      if (person.isPresent()) {
        images.add(LoadRun.Image.of(file).withField("name", person.get()));
      } else {
        unlabelled.add(file.getFileName().toString());
      }
    }
    List<Outcome> outcomes = new LoadRun(service.resolve("/api/faces"), "image", concurrency, timeout, key)
        .sendAll(images, new ProgressBar(progress, images.size(), System.console() != null));
    int enrolled = 0;
    int withoutFace = 0;
    Map<String, String> severalFaces = new LinkedHashMap<>();
    Map<String, List<String>> notEnrolled = new LinkedHashMap<>();
    for (Outcome o : outcomes) {
      JsonNode reply = parse(o.body());
      if (o.answered()) {
        enrolled++;
        JsonNode image = reply == null ? null : reply.path("images").path(0);
        if (image != null && "no-face-found".equals(image.path("outcome").asString())) {
          withoutFace++;
        }
        if (image != null && image.path("faces").asInt(0) > 1) {
          severalFaces.put(o.name(), image.path("note").asString());
        }
      } else {
        // A deployment that cannot enrol refuses every image alike: one reason, many images.
        String why = (o.status() == 0 ? "" : o.status() + " ")
            + (reply != null && reply.hasNonNull("error") ? reply.get("error").asString() : o.body());
        notEnrolled.computeIfAbsent(why, w -> new ArrayList<>()).add(o.name());
      }
    }
    return new Summary(images.size(), enrolled, withoutFace, Collections.unmodifiableMap(severalFaces),
        List.copyOf(unlabelled),
        Collections.unmodifiableMap(notEnrolled));
  }

  private static JsonNode parse(String body) {
    try {
      return Json.read(body, JsonNode.class);
    } catch (Json.MalformedMessageException e) {
      return null;
    }
  }
}
