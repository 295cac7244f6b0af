package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The course's workloads through the whole local stack with {@code iras load}: nothing lost, nothing wrong
 * against in-process classification of the same files with the same model.
 */
class LoadAcceptanceIT {
  static final Path SMALL_MODEL =
      TestStack.SHARED.resolve("models/imagenet-mobilenet/mobilenet_v1_0.25_128_quant.tflite");

  @TempDir Path dataDir;
  @TempDir Path out;

  @Test
  void imageNet100FromZeroInstancesAllAnsweredAndCorrectWithAChart() throws Exception {
    try (LocalStack stack = TestStack.start(dataDir, 2)) {
      // Asked of the controller itself: the load client's first status sample may already see the burst's launch.
      assertEquals(List.of(), stack.autoscaler().status().toCompletableFuture().get().instances(),
          "no instance before the burst");
      JsonNode report = load(stack, "tflite:" + TestStack.MODEL.toAbsolutePath(), TestStack.IMAGENET_100,
          "--timeline", out.resolve("imagenet-100").toString(), "--status-url", stack.autoscaler().statusUrl());
      assertEquals(100, report.path("answered").asInt(), report::toString);
      assertEquals(100, report.path("correct").asInt(), report::toString);
      assertTrue(report.path("serviceToDirect").asDouble() > 0, report::toString);
      assertTrue(Files.size(out.resolve("imagenet-100.png")) > 10_000, "chart written");
      List<String> timeline = Files.readAllLines(out.resolve("imagenet-100.csv"));
      assertTrue(timeline.stream().skip(1).anyMatch(l -> l.endsWith(",2")), "scaled out to the cap of 2");
    }
  }

  /** 1000 requests at concurrency 100; the small MobileNet keeps this within the test budget. */
  @Test
  void faceImages1000AtConcurrency100AllAnsweredAndCorrect() throws Exception {
    Path faces = TestStack.SHARED.resolve("data/face_images_1000/images");
    String model = "tflite:" + SMALL_MODEL.toAbsolutePath();
    try (LocalStack stack = LocalStack.start(TestStack.settings(dataDir, 2).with(Map.of("worker.model", model)))) {
      JsonNode report = load(stack, model, faces, "--concurrency", "100");
      assertEquals(1000, report.path("sent").asInt(), report::toString);
      assertEquals(1000, report.path("correct").asInt(), report::toString);
    }
  }

  private JsonNode load(LocalStack stack, String model, Path images, String... extra) throws Exception {
    Path report = out.resolve("report-" + images.getParent().getFileName() + ".json");
    List<String> args = new ArrayList<>(List.of(
        "load", "--url", "http://localhost:" + stack.web().port() + "/", "--images", images.toString(),
        "--reference", "--model", model, "--report", report.toString()));
    args.addAll(List.of(extra));
    StringWriter printed = new StringWriter();
    int exit = Main.commandLine().setOut(new PrintWriter(printed, true)).execute(args.toArray(String[]::new));
    System.out.println(printed);
    assertEquals(0, exit, printed::toString);
    return JsonMapper.builder().build().readTree(Files.readString(report));
  }
}
