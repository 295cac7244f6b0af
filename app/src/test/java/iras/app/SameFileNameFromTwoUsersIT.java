package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.cloud.CloudLayout;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two users send different images under the same file name at the same moment, in the course's profile: each gets
 * the answer to their own image, and the course's objects of that name hold one upload and one answer (the later
 * write), one object each, as the README says.
 */
class SameFileNameFromTwoUsersIT {
  static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;

  @Test
  void eachGetsTheirOwnAnswerAndTheCourseObjectsHoldOneOfThem() throws Exception {
    byte[] cat = Files.readAllBytes(TestStack.PHOTOS.resolve("cat.bmp"));
    byte[] eagle = Files.readAllBytes(TestStack.PHOTOS.resolve("eagle.jpg"));
    try (LocalStack stack = TestStack.start(TestStack.settings(dataDir, 1).with("course", true))) {
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      CompletableFuture<HttpResponse<String>> first = http.sendAsync(
          new Multipart().file("inputFile", "test_0.jpg", "image/jpeg", cat).post(root),
          HttpResponse.BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> second = http.sendAsync(
          new Multipart().file("inputFile", "test_0.jpg", "image/jpeg", eagle).post(root),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("test_0:Egyptian cat", first.get().body());
      assertEquals("test_0:bald eagle", second.get().body());

      CloudLayout layout = stack.clients().layout();
      assertEquals(List.of("test_0.jpg"), stack.clients().store().keys(layout.inputBucket(), ""));
      byte[] upload = stack.clients().store().get(layout.inputBucket(), "test_0.jpg");
      assertTrue(Arrays.equals(cat, upload) || Arrays.equals(eagle, upload), "one of the two uploads");
      assertEquals(List.of("test_0"), stack.clients().store().keys(layout.outputBucket(), ""));
      String answer = new String(stack.clients().store().get(layout.outputBucket(), "test_0"), StandardCharsets.UTF_8);
      assertTrue(List.of("Egyptian cat", "bald eagle").contains(answer), answer);
      assertEquals(2, stack.clients().store().keys(layout.imageBucket(), CloudLayout.IMAGES).size(),
          "each job keeps its own image");
      for (HttpResponse<String> r : List.of(first.get(), second.get())) {
        String id = r.headers().firstValue("Content-Location").orElseThrow().replace("/api/images/", "");
        assertTrue(stack.clients().results().find(id).orElseThrow().contains(r.body().split(":")[1]), id);
      }
    }
  }
}
