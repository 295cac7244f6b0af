package iras.app.chaos;

import iras.core.job.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a run as a total-queue checker checks a queue: every job the service accepted must come out exactly as
 * in-process classification of its image says, none may be missing, and no job may carry two different labels (an
 * answer on {@code POST /} and the status reported later count alike). Reads the jobs' statuses over the REST API
 * until every accepted job is done or {@code patience} runs out.
 */
final class TotalQueueChecker {
  /** The parts of {@code GET /api/images?ids=…} read here. */
  record Statuses(List<Status> images) {}

  record Status(String id, String status, String label, String error) {}

  private static final int IDS_PER_CALL = 200;

  /** What became of the accepted jobs; {@code recoveredMillis} is from the check's start to the last one done. */
  record Verdict(int accepted, int done, List<String> lost, List<String> wrong, List<String> twoLabels,
      long recoveredMillis) {
    boolean clean() {
      return lost.isEmpty() && wrong.isEmpty() && twoLabels.isEmpty() && done == accepted;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI web;
  private final Map<String, String> expected;

  /** @param expected label per image file name, from in-process classification */
  TotalQueueChecker(URI web, Map<String, String> expected) {
    this.web = web;
    this.expected = expected;
  }

  Verdict check(Map<String, ChaosLoad.Accepted> accepted, Duration patience) throws Exception {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    Map<String, Set<String>> labels = new HashMap<>();
    accepted.forEach((id, a) -> labels.put(id, new LinkedHashSet<>(a.answeredLabels())));
    Map<String, String> done = new TreeMap<>();
    List<String> open = new ArrayList<>(accepted.keySet());
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      for (int from = 0; from < open.size(); from += IDS_PER_CALL) {
        read(open.subList(from, Math.min(open.size(), from + IDS_PER_CALL)), done, labels);
      }
      open.removeIf(done::containsKey);
      if (!open.isEmpty()) {
        Thread.sleep(500);
      }
    }
    long recovered = (System.nanoTime() - start) / 1_000_000;
    List<String> wrong = new ArrayList<>();
    List<String> twoLabels = new ArrayList<>();
    done.forEach((id, label) -> {
      Path image = accepted.get(id).image();
      String want = expected.get(image.getFileName().toString());
      if (!label.equals(want)) {
        wrong.add(id + " (" + image.getFileName() + "): " + label + ", expected " + want);
      }
      if (labels.get(id).size() > 1) {
        twoLabels.add(id + ": " + labels.get(id));
      }
    });
    return new Verdict(accepted.size(), done.size(), List.copyOf(open), wrong, twoLabels, recovered);
  }

  private void read(List<String> ids, Map<String, String> done, Map<String, Set<String>> labels)
      throws InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(HttpRequest.newBuilder(web.resolve("/api/images?ids=" + String.join(",", ids)))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException webDown) {
      return;
    }
    if (r.statusCode() != 200) {
      return;
    }
    for (Status s : Json.read(r.body(), Statuses.class).images()) {
      if (s.status().equals("done")) {
        done.put(s.id(), s.label());
        labels.get(s.id()).add(s.label());
      } else if (s.status().equals("failed")) {
        done.put(s.id(), "failed: " + s.error());
      }
    }
  }
}
