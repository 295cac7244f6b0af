package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course's contract, {@code POST /} answered with {@code name:label}, under the course's kind of load and more:
 * real HTTP, the real S3 and SQS protocols, two real worker processes. To keep the build's time modest the workers
 * run the small MobileNet v1 0.25/128 on the 1000 face images; every answer is compared with in-process
 * classification of the same file by the same model.
 */
class CourseEndpointIT {
  private static final Logger log = LoggerFactory.getLogger(CourseEndpointIT.class);

  @TempDir static Path dataDir;
  static LocalStack stack;
  static List<Path> images;
  static Map<String, String> expected;
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    images = Reference.images(TestStack.FACES_1000);
    assertEquals(1000, images.size());
    Reference.Pending labels = Reference.labelsMeanwhile(TestStack.SMALL_MODEL, images);
    stack = TestStack.start(TestStack.settings(dataDir, 2, TestStack.SMALL_MODEL));
    expected = labels.get();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aThousandConcurrentUploadsWithEitherFieldNameAreAllAnsweredCorrectly() throws Exception {
    URI root = root(stack.web());
    long start = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      calls.add(post(root, i % 2 == 0 ? "inputFile" : "myfile", images.get(i)));
    }
    for (int i = 0; i < images.size(); i++) {
      assertAnswered(images.get(i), calls.get(i).get(10, TimeUnit.MINUTES), true);
    }
    log.info("1000 concurrent POST / answered correctly in {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void twoWebTiersSharingTheQueuesEachAnswerTheirOwnClients() throws Exception {
    try (EmbeddedWeb other = EmbeddedWeb.start(stack.settings())) {
      List<URI> roots = List.of(root(stack.web()), root(other));
      List<Path> some = images.subList(0, 200);
      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < some.size(); i++) {
        calls.add(post(roots.get(i % 2), "inputFile", some.get(i)));
      }
      for (int i = 0; i < some.size(); i++) {
        assertAnswered(some.get(i), calls.get(i).get(5, TimeUnit.MINUTES), true);
      }
      log.info("200 POST / over two web tiers answered correctly in {} ms", (System.nanoTime() - start) / 1_000_000);
      for (URI root : roots) {
        String metrics = http.send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/metrics"))),
            HttpResponse.BodyHandlers.ofString()).body();
        log.info("{}: {}", root, metrics.lines().filter(l -> l.startsWith("iras_results_received_total")).toList());
      }
    }
  }

  @Test
  void theOldestClientsCanHaveTheBareLabel() throws Exception {
    try (EmbeddedWeb bare = EmbeddedWeb.start(stack.settings().with("web.course-answer", "label"))) {
      List<Path> some = images.subList(0, 10);
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (Path image : some) {
        calls.add(post(root(bare), "myfile", image));
      }
      for (int i = 0; i < some.size(); i++) {
        assertAnswered(some.get(i), calls.get(i).get(5, TimeUnit.MINUTES), false);
      }
    }
  }

  @Test
  void theAnswerNamesTheJobsRestAddressWhereTheSameResultIsKept() throws Exception {
    Path image = images.get(0);
    HttpResponse<String> r = post(root(stack.web()), "inputFile", image).get(5, TimeUnit.MINUTES);
    assertAnswered(image, r, true);
    String location = r.headers().firstValue("Content-Location").orElseThrow();
    assertTrue(location.matches("/api/images/[0-9a-f-]{36}"), location);
    String status = http.send(HttpRequest.newBuilder(root(stack.web()).resolve(location)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(status.contains("\"label\":\"" + expected.get(image.getFileName().toString()) + "\""), status);
  }

  private static CompletableFuture<HttpResponse<String>> post(URI root, String field, Path image) throws Exception {
    return http.sendAsync(
        new Multipart().file(field, image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image)).post(root),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswered(Path image, HttpResponse<String> r, boolean withName) {
    String label = expected.get(image.getFileName().toString());
    assertEquals(200, r.statusCode(), () -> image.getFileName() + ": " + r.body());
    assertEquals(withName ? Reference.baseName(image) + ":" + label : label, r.body(), "answer for " + image);
  }

  private static URI root(EmbeddedWeb web) {
    return URI.create("http://localhost:" + web.port() + "/");
  }
}
