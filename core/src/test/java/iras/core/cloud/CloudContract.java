package iras.core.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Cloud} must do as its ports promise, run against each adapter (in memory, and the SDK's on the
 * embedded S3 and SQS), so that the one in memory, which the tiers' unit tests run on, cannot drift from the real
 * one. Each case gets a deployment of its own.
 */
public abstract class CloudContract {
  /** The request queue's visibility timeout in these cases: short, as one case waits it out. */
  protected static final Duration VISIBILITY = Duration.ofSeconds(2);
  private static final Duration LONG_POLL = Duration.ofSeconds(2);

  protected Cloud cloud;

  /** A cloud provisioned for {@code settings}, whose deployment no other case uses. */
  protected abstract Cloud connect(Settings settings);

  /** Lets {@code time} pass for the cloud's timeouts. */
  protected abstract void letTimePass(Duration time);

  @BeforeEach
  void provision() {
    cloud = connect(Settings.load().with(Map.of(
        "deployment", "contract-" + UUID.randomUUID().toString().substring(0, 8),
        "queue.visibility-timeout", VISIBILITY.toSeconds() + "s",
        "queue.max-receive-count", 2,
        "reuse-answers", true)));
  }

  @AfterEach
  void close() {
    cloud.close();
  }

  private List<ReceivedMessage> receiveOne(MessageQueue queue) {
    List<ReceivedMessage> got = queue.receive(10, LONG_POLL);
    assertEquals(1, got.size(), "messages received: " + got);
    return got;
  }

  @Test
  void aReceivedMessageIsHiddenAndReappearsWithAHigherCountUnlessDeleted() {
    MessageQueue requests = cloud.requests();
    requests.send("first");
    ReceivedMessage m = receiveOne(requests).get(0);
    assertEquals("first", m.body());
    assertEquals(1, m.receiveCount());
    assertEquals(List.of(), requests.receive(10, Duration.ZERO));
    assertEquals(new MessageQueue.QueueDepth(0, 1), requests.depth());

    letTimePass(VISIBILITY.plusMillis(500));
    ReceivedMessage again = receiveOne(requests).get(0);
    assertEquals("first", again.body());
    assertEquals(2, again.receiveCount());
    requests.delete(again);
    letTimePass(VISIBILITY.plusMillis(500));
    assertEquals(List.of(), requests.receive(10, Duration.ZERO));
    assertEquals(0, requests.depth().total());
  }

  @Test
  void aMessageHandedBackReappearsAtOnceAndAnExtendedOneStaysHidden() {
    MessageQueue requests = cloud.requests();
    requests.send("held");
    ReceivedMessage m = receiveOne(requests).get(0);
    requests.extendVisibility(m, Duration.ZERO);
    ReceivedMessage back = receiveOne(requests).get(0);
    assertEquals(2, back.receiveCount());

    requests.extendVisibility(back, Duration.ofSeconds(60));
    letTimePass(VISIBILITY.plusMillis(500));
    assertEquals(List.of(), requests.receive(10, Duration.ZERO));
    requests.delete(back);
  }

  @Test
  void theVisibilityOfADeletedMessageCannotChange() {
    MessageQueue requests = cloud.requests();
    requests.send("gone");
    ReceivedMessage m = receiveOne(requests).get(0);
    requests.delete(m);
    CloudUnavailableException refused =
        assertThrows(CloudUnavailableException.class, () -> requests.extendVisibility(m, Duration.ofSeconds(10)));
    assertFalse(refused.mayPass(), refused.getMessage());
  }

  @Test
  void aMessageReceivedMoreThanTheLimitMovesToTheDeadLetterQueue() {
    MessageQueue requests = cloud.requests();
    requests.send("poison");
    for (int attempt = 1; attempt <= 2; attempt++) {
      ReceivedMessage m = receiveOne(requests).get(0);
      assertEquals(attempt, m.receiveCount());
      requests.extendVisibility(m, Duration.ZERO);
    }
    assertEquals(List.of(), requests.receive(10, Duration.ofSeconds(1)));
    MessageQueue deadLetters = cloud.queue(cloud.layout().deadLetterQueue());
    List<ReceivedMessage> dead = deadLetters.receive(10, LONG_POLL);
    assertEquals(List.of("poison"), dead.stream().map(ReceivedMessage::body).toList());
  }

  @Test
  void batchesGoInTensAndAReceiveGivesAtMostTen() {
    MessageQueue responses = cloud.responses();
    List<String> bodies = IntStream.range(0, 25).mapToObj(i -> "m" + i).toList();
    responses.send(bodies);
    List<ReceivedMessage> first = responses.receive(25, LONG_POLL);
    assertTrue(!first.isEmpty() && first.size() <= MessageQueue.BATCH_MAX, "received " + first.size());
    List<ReceivedMessage> all = new ArrayList<>(first);
    for (int i = 0; i < 20 && all.size() < 25; i++) {
      all.addAll(responses.receive(10, Duration.ofSeconds(1)));
    }
    assertEquals(Set.copyOf(bodies), Set.copyOf(all.stream().map(ReceivedMessage::body).toList()));
    responses.delete(all);
    assertEquals(0, responses.depth().total());
  }

  @Test
  void theRequestQueueTakesOneKilobyteAndRefusesMore() {
    MessageQueue requests = cloud.requests();
    String longest = "x".repeat(CloudLayout.REQUEST_MAX_MESSAGE_BYTES);
    requests.send(longest);
    CloudUnavailableException refused =
        assertThrows(CloudUnavailableException.class, () -> requests.send(longest + "x"));
    assertFalse(refused.mayPass(), refused.getMessage());
    MessageQueue.BatchEntryFailedException batch = assertThrows(MessageQueue.BatchEntryFailedException.class,
        () -> requests.send(List.of("short", longest + "x")));
    assertTrue(batch.senderFault(), batch.getMessage());
    assertEquals(Set.of(1), batch.refused());

    List<ReceivedMessage> got = new ArrayList<>(requests.receive(10, LONG_POLL));
    if (got.size() < 2) {
      got.addAll(requests.receive(10, Duration.ofSeconds(1)));
    }
    assertEquals(Set.of(longest, "short"), Set.copyOf(got.stream().map(ReceivedMessage::body).toList()));
  }

  @Test
  void objectsRoundTripWithTheirMetadataAndListInKeyOrder() {
    ObjectStore store = cloud.store();
    String bucket = cloud.layout().imageBucket();
    byte[] bytes = "an image".getBytes(StandardCharsets.UTF_8);
    store.put(bucket, "images/b", bytes, "image/jpeg", Map.of("name", "cat.jpg"));
    store.put(bucket, "images/a", bytes, "image/jpeg");
    store.put(bucket, "other/c", bytes, "image/jpeg");
    assertArrayEquals(bytes, store.get(bucket, "images/b"));
    assertEquals("cat.jpg", store.metadata(bucket, "images/b").get("name"));
    assertTrue(store.exists(bucket, "images/a"));
    assertEquals(List.of("images/a", "images/b"), store.keys(bucket, "images/"));
    assertTrue(store.list(bucket, "images/").allMatch(o -> o.lastModified() != null));
    store.delete(bucket, "images/a");
    assertEquals(List.of("images/b"), store.keys(bucket, "images/"));
  }

  @Test
  void aMissingKeyIsNotAnOutage() {
    ObjectStore store = cloud.store();
    String bucket = cloud.layout().recordsBucket();
    assertThrows(ObjectStore.NoSuchObjectException.class, () -> store.get(bucket, "absent"));
    assertThrows(ObjectStore.NoSuchObjectException.class, () -> store.metadata(bucket, "absent"));
    assertEquals(Optional.empty(), store.find(bucket, "absent"));
    assertFalse(store.exists(bucket, "absent"));
    store.delete(bucket, "absent");
  }

  @Test
  void aMissingBucketIsARefusal() {
    ObjectStore store = cloud.store();
    CloudUnavailableException refused =
        assertThrows(CloudUnavailableException.class, () -> store.put("no-such-bucket-here", "k", new byte[1], "x/y"));
    assertFalse(refused.mayPass(), refused.getMessage());
  }

  @Test
  void resultsAreFoundByJobAndListedUntilDeleted() {
    assertEquals(Optional.empty(), cloud.results().find("job-1"));
    cloud.results().store("job-1", "{\"id\":\"job-1\"}");
    cloud.results().store("job-2", "{\"id\":\"job-2\"}");
    assertEquals(Optional.of("{\"id\":\"job-1\"}"), cloud.results().find("job-1"));
    assertEquals(Set.of("job-1", "job-2"), cloud.results().answered());
    cloud.results().delete("job-1");
    assertEquals(Set.of("job-2"), cloud.results().answered());
  }
}
