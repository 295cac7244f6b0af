package iras.app.worker;

import iras.core.settings.Settings;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The command line and environment that start {@code iras worker} as a child JVM of this one. */
public final class WorkerProcess {
  private WorkerProcess() {}

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
        "-XX:+ExitOnOutOfMemoryError",
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
