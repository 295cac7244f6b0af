package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.Cloud;
import iras.core.job.AnswerKey;
import iras.core.job.Guess;
import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept answers and the course's objects in the embedded S3, through the real SDK: what is found by which key, and
 * that in the course's profile the graded buckets hold exactly one object per request and nothing of the service's.
 */
class StoredAnswersAndCourseObjectsIT {
  @TempDir Path dataDir;
  ActorSystem system;
  LocalCloud localCloud;
  Settings settings;

  static final byte[] IMAGE = "pretend these are a JPEG's bytes".getBytes(StandardCharsets.UTF_8);
  static final String MOBILENET = "tflite:mobilenet.tflite labels=synset";

  @BeforeEach
  void start() throws Exception {
    settings = EmbeddedCloudSettings.of(dataDir, "answers-test").with("course", true);
    system = ActorSystem.create("answers-test");
    localCloud = LocalCloud.start(settings, system);
    settings = localCloud.clientSettings(settings);
  }

  @AfterEach
  void stop() throws Exception {
    localCloud.close();
    system.terminate();
  }

  private static ImageJob job(String name, String enrollAs) {
    return new ImageJob("0b7e1c1e-0000-4000-8000-00000000000" + name.length() % 10, name, "b", "k", Instant.now(),
        enrollAs);
  }

  private static ImageResult cat(ImageJob job) {
    return ImageResult.success(job, List.of(new Guess("Egyptian cat", 0.8), new Guess("tabby", 0.1)),
        "mobilenet", "app-tier-instance-1", 4);
  }

  @Test
  void anAnswerIsFoundByTheSameBytesAndModelOnly() {
    try (Cloud cloud = Cloud.connect(settings)) {
      ImageResult first = cat(job("cat.jpg", null));
      cloud.answers().store(AnswerKey.of(IMAGE, MOBILENET, null), first);

      assertEquals(first, cloud.answers().find(AnswerKey.of(IMAGE.clone(), MOBILENET, null)).orElseThrow());
      byte[] otherImage = IMAGE.clone();
      otherImage[0] ^= 1;
      assertTrue(cloud.answers().find(AnswerKey.of(otherImage, MOBILENET, null)).isEmpty());
      assertTrue(cloud.answers().find(AnswerKey.of(IMAGE, "tflite:mobilenet.tflite labels=simple", null)).isEmpty());
      assertTrue(cloud.answers().find(AnswerKey.of(IMAGE, "zoo:resnet50 labels=synset", null)).isEmpty());

      cloud.answers().forget(AnswerKey.of(IMAGE, MOBILENET, null));
      assertTrue(cloud.answers().find(AnswerKey.of(IMAGE, MOBILENET, null)).isEmpty());
    }
  }

  @Test
  void aFaceAnswerHoldsOnlyForTheGalleryItWasMatchedAgainst() {
    try (Cloud cloud = Cloud.connect(settings)) {
      cloud.answers().store(AnswerKey.of(IMAGE, "face labels=synset", "a1b2"), cat(job("paul.jpg", null)));
      assertTrue(cloud.answers().find(AnswerKey.of(IMAGE, "face labels=synset", "a1b2")).isPresent());
      assertTrue(cloud.answers().find(AnswerKey.of(IMAGE, "face labels=synset", "c3d4")).isEmpty());
      assertNotEquals(AnswerKey.of(IMAGE, "face labels=synset", "a1b2").objectKey(),
          AnswerKey.of(IMAGE, "face labels=synset", "c3d4").objectKey());
    }
  }

  @Test
  void withReuseTurnedOffNothingIsKeptOrFound() {
    try (Cloud on = Cloud.connect(settings); Cloud off = Cloud.connect(settings.with("reuse-answers", false))) {
      off.answers().store(AnswerKey.of(IMAGE, MOBILENET, null), cat(job("cat.jpg", null)));
      assertTrue(on.answers().find(AnswerKey.of(IMAGE, MOBILENET, null)).isEmpty());
      on.answers().store(AnswerKey.of(IMAGE, MOBILENET, null), cat(job("cat.jpg", null)));
      assertTrue(off.answers().find(AnswerKey.of(IMAGE, MOBILENET, null)).isEmpty());
    }
  }

  @Test
  void theCourseBucketsHoldOneObjectPerRequestAndNoneOfTheServicesRecords() {
    try (Cloud cloud = Cloud.connect(settings)) {
      ImageJob request = job("test_7.jpg", null);
      cloud.store().put(cloud.layout().imageBucket(), "images/" + request.id(), IMAGE, "image/jpeg");
      cloud.course().upload(request, IMAGE, "image/jpeg");
      cloud.results().store(request.id(), "{}");
      cloud.answers().store(AnswerKey.of(IMAGE, MOBILENET, null), cat(request));
      cloud.course().answer(request, cat(request));
      ImageJob enrolment = job("paul_1.jpg", "Paul");
      cloud.course().upload(enrolment, IMAGE, "image/jpeg");
      cloud.course().answer(enrolment, cat(enrolment));

      assertEquals(List.of("test_7.jpg"), cloud.store().keys(cloud.layout().inputBucket(), ""));
      assertArrayEquals(IMAGE, cloud.store().get(cloud.layout().inputBucket(), "test_7.jpg"));
      assertEquals(List.of("test_7"), cloud.store().keys(cloud.layout().outputBucket(), ""));
      assertEquals("Egyptian cat",
          new String(cloud.store().get(cloud.layout().outputBucket(), "test_7"), StandardCharsets.UTF_8));
      assertEquals("answers-test-records", cloud.layout().recordsBucket());
      assertEquals(3, cloud.store().keys(cloud.layout().recordsBucket(), "").size());

      cloud.course().remove("test_7.jpg");
      assertTrue(cloud.store().keys(cloud.layout().inputBucket(), "").isEmpty());
      assertTrue(cloud.store().keys(cloud.layout().outputBucket(), "").isEmpty());
    }
  }

  @Test
  void outsideTheCourseProfileNoCourseObjectIsWritten() {
    try (Cloud cloud = Cloud.connect(settings.with("course", false))) {
      ImageJob request = job("test_7.jpg", null);
      cloud.course().upload(request, IMAGE, "image/jpeg");
      cloud.course().answer(request, cat(request));
      assertTrue(cloud.store().find(cloud.layout().inputBucket(), "test_7.jpg").isEmpty());
      assertTrue(cloud.store().find(cloud.layout().outputBucket(), "test_7").isEmpty());
      assertEquals(cloud.layout().outputBucket(), cloud.layout().recordsBucket());
      assertEquals(cloud.layout().inputBucket(), cloud.layout().imageBucket());
    }
  }
}
