package iras.app.worker;

import iras.core.settings.Settings;
import iras.model.ImageClassifier;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The command line and environment that start {@code iras worker} as a child JVM of this one. */
public final class WorkerProcess {
  /**
   * C2 compiles only the model's own code (kernels, dequantizing, preprocessing); everything else in a worker (the
   * SDK, the actors, ND4J's Java side) stops at C1. That code runs a small share of a worker's time, but C2 kept
   * compiling it burst after burst: a quarter of a worker's CPU in its first burst after warm-up, 5 % with this, at
   * the same inference speed (docs/PERFORMANCE.md). First match wins.
   */
  private static final String DIRECTIVES = """
      [
        { match: ["%s/*.*"], c2: { Exclude: false } },
        { match: ["*.*"], c2: { Exclude: true } }
      ]
      """.formatted(ImageClassifier.class.getPackageName().replace('.', '/'));

  private WorkerProcess() {}

  /** Written once, on the first worker this JVM starts, and removed when it exits. */
  private static final class JitDirectives {
    static final String FILE = write();

    private static String write() {
      try {
        Path file = Files.createTempFile("iras-worker-jit", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, DIRECTIVES);
        return file.toString();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the workers' JIT directives to the temporary folder", e);
      }
    }
  }

  private static final long INITIAL_HEAP_BYTES = 32L * 1024 * 1024;

  public static List<String> command(Settings settings) {
    String java = ProcessHandle.current().info().command().orElse("java");
    // Absolute, so the child finds its classes whatever directory it is started in.
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    return List.of(
        java,
        "-Xmx" + settings.workerHeap(),
        // The JVM's own initial heap is a 64th of the machine's memory (384 MB on 24 GB), whose young generation a
        // worker then touches whole; from a small one the heap grows to what the worker uses (docs/PERFORMANCE.md).
        "-Xms" + Math.min(INITIAL_HEAP_BYTES, settings.controller().getBytes("worker-heap")),
        "-XX:+ExitOnOutOfMemoryError",
        // Less CPU per image and less memory than G1 beside the local service on a small machine, with pauses of
        // tens of milliseconds: a worker's old generation does not grow under load (docs/PERFORMANCE.md).
        "-XX:+UseSerialGC",
        "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=" + JitDirectives.FILE,
        "-cp",
        classPath,
        "iras.app.Main",
        "worker");
  }

  public static Map<String, String> environment(Settings settings) {
    var env = new LinkedHashMap<>(settings.asEnvironment());
    // OpenMP reads this once when the native library loads; it must be set before the child starts.
    env.put("OMP_NUM_THREADS", Integer.toString(settings.workerThreads()));
    return env;
  }
}
