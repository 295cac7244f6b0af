package iras.app.faults;

import iras.core.cloud.Cloud;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.job.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Does what the web tier does for its users, over the same queues and buckets: stores an image, sends its job, and
 * collects every answer on the response queue, copies included, so a test can tell "answered once" from "twice".
 */
final class QueueUser {
  private final Cloud cloud;
  private final Map<String, List<String>> answers = new LinkedHashMap<>();

  QueueUser(Cloud cloud) {
    this.cloud = cloud;
  }

  String submit(String name, byte[] image) {
    String id = UUID.randomUUID().toString();
    String key = "images/" + id;
    cloud.store().put(cloud.layout().inputBucket(), key, image, "image/jpeg");
    cloud.requests().send(Json.write(new ImageJob(id, name, cloud.layout().inputBucket(), key, Instant.now())));
    return id;
  }

  /** A job whose image is in a bucket that does not exist: fetching it fails every time. */
  String submitUnfetchable(String name) {
    String id = UUID.randomUUID().toString();
    cloud.requests().send(Json.write(new ImageJob(id, name, "no-such-bucket", "images/" + id, Instant.now())));
    return id;
  }

  void sendRaw(String body) {
    cloud.requests().send(body);
  }

  /**
   * Reads answers until every job in {@code ids} has one, then until nothing is left on the request queue and the
   * response queue has been quiet for {@code quiet}, so late duplicates are counted too.
   *
   * @return every answer received for each job, in arrival order
   */
  Map<String, List<ImageResult>> awaitAnswers(Collection<String> ids, Duration timeout, Duration quiet) {
    Instant deadline = Instant.now().plus(timeout);
    while (!ids.stream().allMatch(answers::containsKey)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("unanswered after " + timeout + ": "
            + ids.stream().filter(id -> !answers.containsKey(id)).toList());
      }
      read(Duration.ofSeconds(1));
    }
    while (cloud.requests().depth().total() > 0 && Instant.now().isBefore(deadline)) {
      read(Duration.ofSeconds(1));
    }
    while (read(quiet) > 0) {
      // Keep reading while copies still arrive.
    }
    Map<String, List<ImageResult>> results = new LinkedHashMap<>();
    for (String id : ids) {
      results.put(id, answers.get(id).stream().map(json -> Json.read(json, ImageResult.class)).toList());
    }
    return results;
  }

  /** Distinct answer texts for a job: 1 when every copy is the same result. */
  long distinctAnswers(String id) {
    return answers.get(id).stream().distinct().count();
  }

  int copies(String id) {
    return answers.get(id).size();
  }

  /** The result object in the output bucket, the source of truth. */
  String stored(String id) {
    return cloud.results().find(id).orElseThrow(() -> new AssertionError("no stored result for " + id));
  }

  /** The first answer text received for a job. */
  String firstAnswer(String id) {
    return answers.get(id).get(0);
  }

  /** Waits for a heartbeat of {@code instance} in {@code state}; heartbeats read are consumed. */
  Heartbeat awaitHeartbeat(String instance, Heartbeat.State state, Duration timeout) {
    MessageQueue heartbeats = cloud.queue(cloud.layout().heartbeatQueue());
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      for (ReceivedMessage m : heartbeats.receive(10, Duration.ofSeconds(1))) {
        heartbeats.delete(m);
        Heartbeat h = Json.read(m.body(), Heartbeat.class);
        if (h.instance().equals(instance) && h.state() == state) {
          return h;
        }
      }
    }
    throw new AssertionError("no " + state + " heartbeat from " + instance + " within " + timeout);
  }

  private int read(Duration wait) {
    List<ReceivedMessage> got = new ArrayList<>(cloud.responses().receive(10, wait));
    for (ReceivedMessage m : got) {
      ImageResult r = Json.read(m.body(), ImageResult.class);
      answers.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(m.body());
      cloud.responses().delete(m);
    }
    return got.size();
  }
}
