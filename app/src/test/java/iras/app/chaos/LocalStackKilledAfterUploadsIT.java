package iras.app.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iras.app.Multipart;
import iras.app.Reference;
import iras.core.job.Json;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault as a user first met it: 100 images accepted by {@code POST /api/images}, {@code iras local} SIGKILLed one
 * second later and started again. No worker of the killed stack may be alive 5 s after the kill, and every one of
 * the 100 jobs must be done, with in-process classification's label, within 60 s of the restart.
 */
class LocalStackKilledAfterUploadsIT {
  record Upload(List<Entry> accepted) {}

  record Entry(int index, String id) {}

  @TempDir Path dataDir;

  @Test
  void all100AcceptedJobsAreDoneAfterTheRestart() throws Exception {
    List<Path> images = Reference.images(ChaosDeployment.IMAGES);
    assertEquals(100, images.size());
    try (ChaosDeployment d = new ChaosDeployment(dataDir, Path.of("target", "chaos", "local-killed-after-uploads"),
        Map.of())) {
      ServiceProcess local = d.startLocal();
      Map<String, String> expected = ChaosDeployment.expectedLabels();
      d.awaitAnswer();
      Multipart upload = new Multipart();
      for (Path image : images) {
        upload.file("file", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image));
      }
      HttpResponse<String> r = HttpClient.newHttpClient()
          .send(upload.post(d.web().resolve("/api/images")), HttpResponse.BodyHandlers.ofString());
      assertEquals(202, r.statusCode(), r::body);
      Map<String, ChaosLoad.Accepted> accepted = new HashMap<>();
      for (Entry e : Json.read(r.body(), Upload.class).accepted()) {
        accepted.put(e.id(), new ChaosLoad.Accepted(e.id(), images.get(e.index()), List.of()));
      }
      assertEquals(100, accepted.size());

      Thread.sleep(1000);
      local.kill();
      long orphansGoneMillis = d.awaitNoWorkers(Duration.ofSeconds(5));
      long restart = System.nanoTime();
      d.startLocal();
      TotalQueueChecker.Verdict v = new TotalQueueChecker(d.web(), expected).check(accepted, Duration.ofSeconds(60));
      System.out.printf(Locale.ROOT, "local stack killed 1 s after 100 accepted uploads (%s): workers gone %d ms"
              + " after the kill; %d of 100 done %.1f s after the restart began (%.1f s after it served)%n",
          ChaosDeployment.MODEL.getFileName(), orphansGoneMillis, v.done(),
          (System.nanoTime() - restart) / 1e9, v.recoveredMillis() / 1000.0);
      assertEquals(List.of(), v.lost(), "not done within 60 s of the restart");
      assertEquals(List.of(), v.wrong());
      assertEquals(100, v.done());
    }
  }
}
