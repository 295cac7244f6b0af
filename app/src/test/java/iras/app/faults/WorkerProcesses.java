package iras.app.faults;

import iras.app.worker.WorkerProcess;
import iras.core.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real {@code iras worker} JVMs, started as the local fleet starts them, each logging to its own file. */
final class WorkerProcesses implements AutoCloseable {
  private final Settings settings;
  private final Path logDir;
  private final Map<String, Process> running = new LinkedHashMap<>();

  WorkerProcesses(Settings settings, Path logDir) {
    this.settings = settings;
    this.logDir = logDir;
  }

  void start(String instance) throws IOException {
    Files.createDirectories(logDir);
    ProcessBuilder builder = new ProcessBuilder(WorkerProcess.command(settings))
        .redirectErrorStream(true)
        .redirectOutput(log(instance).toFile())
        // The worker ends when this pipe closes, so a test JVM that dies leaves no worker behind.
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(WorkerProcess.environment(settings));
    builder.environment().put("IRAS_INSTANCE_ID", instance);
    builder.environment().put("IRAS_EXIT_WITH_PARENT", "true");
    running.put(instance, builder.start());
  }

  Process process(String instance) {
    return running.get(instance);
  }

  /** SIGKILL: no shutdown hook, no drain; whatever it held is simply gone with it. */
  void kill(String instance) throws InterruptedException {
    Process p = running.get(instance);
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit code once it has drained. */
  int terminate(String instance, Duration within) throws InterruptedException {
    Process p = running.get(instance);
    p.destroy();
    if (!p.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(instance + " did not exit within " + within + " of SIGTERM; log: " + log(instance));
    }
    return p.exitValue();
  }

  Path log(String instance) {
    return logDir.resolve(instance + ".log");
  }

  String logText(String instance) throws IOException {
    return Files.readString(log(instance));
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : running.values()) {
      p.destroyForcibly();
    }
    for (Process p : running.values()) {
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
