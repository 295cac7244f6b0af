package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault: the embedded S3 is down while a client asks for a job this web tier did not accept itself, so only the
 * result store can say. The answer is a 503 that says to ask again, not a 500.
 */
class ResultStoreUnreachableIT {
  @TempDir Path dataDir;

  @Test
  void aStatusLookupAnswers503WithRetryAfter() throws Exception {
    try (LocalStack stack = TestStack.start(dataDir, 0)) {
      URI job = URI.create("http://localhost:" + stack.web().port() + "/api/images/" + UUID.randomUUID());
      HttpClient http = HttpClient.newHttpClient();
      assertEquals(404, http.send(HttpRequest.newBuilder(job).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode());
      stack.cloud().stopS3();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(job).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r::body);
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(r.body().contains("ask again in a few seconds"), r.body());
      } finally {
        stack.cloud().restartS3();
      }
    }
  }
}
