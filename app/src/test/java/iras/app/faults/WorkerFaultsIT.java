package iras.app.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.Reference;
import iras.core.fleet.Heartbeat;
import iras.core.job.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults injected into real worker processes talking to the embedded S3 and SQS over HTTP. Each test plays the
 * users (it submits jobs and reads the response queue, as the web tier does) and checks that every job is answered,
 * with its own result, and that a job answered more than once on the response queue got identical copies.
 */
class WorkerFaultsIT {
  private static final Logger log = LoggerFactory.getLogger(WorkerFaultsIT.class);
  private static final Duration ANSWERS_WITHIN = Duration.ofMinutes(3);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @TempDir Path dataDir;

  @Test
  void sigkillMidBatchLosesNoJobAndEachUserGetsOneAnswer(TestInfo test) throws Exception {
    List<Path> images = images(48);
    Reference.Pending reference = Reference.labelsMeanwhile(FaultDeployment.V2, images);
    try (FaultDeployment d = FaultDeployment.start(FaultDeployment.V2, dataDir, test)) {
      d.startWorkers("worker-1", "worker-2");
      Map<String, String> expected = reference.get();
      Map<String, String> labelOf = new LinkedHashMap<>();
      for (Path image : images) {
        labelOf.put(d.user.submit(image.getFileName().toString(), Files.readAllBytes(image)),
            expected.get(image.getFileName().toString()));
      }
      Heartbeat busy = d.user.awaitHeartbeat("worker-1", Heartbeat.State.BUSY, Duration.ofMinutes(1));
      d.workers.kill("worker-1");
      log.info("killed worker-1 holding {} request(s)", busy.held());
      assertTrue(busy.held() > 0);

      Map<String, List<ImageResult>> answers = assertEachAnsweredOnceWithALabel(d, labelOf.keySet());
      int copies = 0;
      for (Map.Entry<String, String> job : labelOf.entrySet()) {
        ImageResult result = answers.get(job.getKey()).get(0);
        assertEquals(job.getValue(), result.label(), "label of " + result.name());
        copies += d.user.copies(job.getKey()) - 1;
      }
      assertTrue(answers.values().stream().anyMatch(a -> a.get(0).instance().equals("worker-2")));
      log.info("{} jobs answered; {} repeated announcement(s) of an identical stored result", labelOf.size(),
          copies);
    }
  }

  @Test
  void poisonImageGetsAnErrorResultAtOnceAndIsNotRetried(TestInfo test) throws Exception {
    byte[] good = Files.readAllBytes(images(1).get(0));
    // A JPEG cut short: it passes the web tier's type check and fails to decode.
    byte[] poison = Arrays.copyOf(good, 300);
    try (FaultDeployment d = FaultDeployment.start(FaultDeployment.V1_TINY, dataDir, test)) {
      d.startWorkers("worker-1");
      String poisonId = d.user.submit("poison.jpg", poison);
      String goodId = d.user.submit("good.jpg", good);

      Map<String, List<ImageResult>> answers = d.user.awaitAnswers(List.of(poisonId, goodId), ANSWERS_WITHIN, QUIET);
      assertNotNull(answers.get(poisonId).get(0).error());
      assertTrue(answers.get(poisonId).get(0).error().contains("decode"), answers.get(poisonId).get(0).error());
      assertNull(answers.get(goodId).get(0).error());
      assertEquals(1, d.user.copies(poisonId), "the poison image was answered once");
      assertEquals(0, d.cloud.requests().depth().total(), "nothing left to retry");
      assertEquals(0, d.cloud.queue(d.cloud.layout().deadLetterQueue()).depth().total(), "no dead letter");
    }
  }

  @Test
  void malformedMessageAndAnUnfetchableJobEndInTheDeadLetterQueueWhileTheWorkerKeepsGoing(TestInfo test)
      throws Exception {
    List<Path> images = images(3);
    try (FaultDeployment d = FaultDeployment.start(FaultDeployment.V1_TINY, dataDir, test)) {
      d.startWorkers("worker-1");
      d.user.sendRaw("this is not a job");
      String lost = d.user.submitUnfetchable("lost.jpg");
      List<String> goodIds = submitAll(d, images);
      List<String> all = Stream.concat(goodIds.stream(), Stream.of(lost)).toList();

      Map<String, List<ImageResult>> answers = d.user.awaitAnswers(all, ANSWERS_WITHIN, QUIET);
      for (String id : goodIds) {
        assertNull(answers.get(id).get(0).error(), id);
      }
      String error = answers.get(lost).get(0).error();
      assertNotNull(error, "the user of a job that keeps failing hears of it");
      assertTrue(error.contains("dead-letter"), error);
      assertEquals(1, d.user.copies(lost));
      assertEquals(2, d.cloud.queue(d.cloud.layout().deadLetterQueue()).depth().total(),
          "the malformed message and the failing job are kept for an operator");
      assertTrue(d.workers.process("worker-1").isAlive(), "the worker survived");

      // Still taking work after its classifier failed and was restarted.
      String after = d.user.submit("after.jpg", Files.readAllBytes(images.get(0)));
      assertNull(d.user.awaitAnswers(List.of(after), ANSWERS_WITHIN, QUIET).get(after).get(0).error());
    }
  }

  @Test
  void s3OutageWhileWorkingIsWaitedOutAndNothingIsLost(TestInfo test) throws Exception {
    List<Path> images = images(24);
    try (FaultDeployment d = FaultDeployment.start(FaultDeployment.V2, dataDir, test)) {
      d.startWorkers("worker-1");
      List<String> ids = submitAll(d, images);
      d.user.awaitHeartbeat("worker-1", Heartbeat.State.BUSY, Duration.ofMinutes(1));
      d.localCloud.stopS3();
      try {
        Thread.sleep(4_000);
      } finally {
        d.localCloud.restartS3();
      }

      assertEachAnsweredOnceWithALabel(d, ids);
    }
  }

  @Test
  void sigtermDrainsAndExitsHoldingNothing(TestInfo test) throws Exception {
    List<Path> images = images(16);
    try (FaultDeployment d = FaultDeployment.start(FaultDeployment.V2, dataDir, test)) {
      d.startWorkers("worker-1");
      List<String> ids = submitAll(d, images);
      d.user.awaitHeartbeat("worker-1", Heartbeat.State.BUSY, Duration.ofMinutes(1));
      assertEquals(0, d.workers.terminate("worker-1", Duration.ofSeconds(40)));

      // It finished what it held and took nothing more; the next worker answers the rest.
      d.startWorkers("worker-2");
      assertEachAnsweredOnceWithALabel(d, ids);
    }
  }

  /** Every job has a label, and one answer: copies on the response queue, if any, are the stored result. */
  private static Map<String, List<ImageResult>> assertEachAnsweredOnceWithALabel(FaultDeployment d,
      Collection<String> ids) {
    Map<String, List<ImageResult>> answers = d.user.awaitAnswers(ids, ANSWERS_WITHIN, QUIET);
    for (String id : ids) {
      assertNull(answers.get(id).get(0).error(), () -> id + ": " + answers.get(id));
      assertEquals(1, d.user.distinctAnswers(id), () -> "different answers for " + id + ": " + answers.get(id));
      assertEquals(d.user.stored(id), d.user.firstAnswer(id), "the announced result is the stored one");
    }
    return answers;
  }

  private static List<String> submitAll(FaultDeployment d, List<Path> images) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Path image : images) {
      ids.add(d.user.submit(image.getFileName().toString(), Files.readAllBytes(image)));
    }
    return ids;
  }

  private static List<Path> images(int n) throws Exception {
    try (Stream<Path> files = Files.list(FaultDeployment.IMAGES)) {
      return files.sorted().limit(n).toList();
    }
  }
}
