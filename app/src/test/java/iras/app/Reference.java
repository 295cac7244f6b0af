package iras.app;

import static org.junit.jupiter.api.Assertions.assertNull;

import iras.worker.WorkerModels;
import iras.model.ImageClassifier;
import iras.model.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The answers the service must give, worked out in-process with the same model on the same files. */
public final class Reference {
  private Reference() {}

  public static List<Path> images(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  /** Label per file name ({@code test_00.jpg} → {@code Paul}). */
  public static Map<String, String> labels(Path model, List<Path> images) throws Exception {
    Map<String, String> labels = new LinkedHashMap<>();
    try (ImageClassifier classifier = WorkerModels.load(TestStack.settings(Path.of("unused"), 0, model))) {
      for (Path image : images) {
        Prediction p = classifier.classify(List.of(Files.readAllBytes(image))).get(0);
        assertNull(p.error(), () -> image + ": " + p.error());
        labels.put(image.getFileName().toString(), p.best().label());
      }
    }
    return labels;
  }

  /**
   * {@link #labels} on a thread of its own, started now: a test starts its stack or its processes meanwhile, which
   * wait mostly on JVMs starting, and reads the labels with {@link Pending#get} once it compares answers.
   */
  public static Pending labelsMeanwhile(Path model, List<Path> images) {
    Pending pending = new Pending();
    Thread thread = new Thread(() -> {
      try {
        pending.result.complete(labels(model, images));
      } catch (Throwable e) {
        pending.result.completeExceptionally(e);
      }
    }, "reference-labels");
    thread.setDaemon(true);
    thread.start();
    return pending;
  }

  /** Labels being worked out; see {@link #labelsMeanwhile}. */
  public static final class Pending {
    private static final Duration WITHIN = Duration.ofMinutes(5);
    private final CompletableFuture<Map<String, String>> result = new CompletableFuture<>();

    private Pending() {}

    /** Waits for the labels; a failure of the reference fails the caller as it would have in its own thread. */
    public Map<String, String> get() throws Exception {
      try {
        return result.get(WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  /** The course's answer prefix: the file name without its extension. */
  static String baseName(Path image) {
    String name = image.getFileName().toString();
    return name.substring(0, name.lastIndexOf('.'));
  }
}
