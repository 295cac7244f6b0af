package iras.controller.fleet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Worker instances as JVM processes on this machine. Each child's standard input is a pipe from this process: a
 * worker started with the exit-with-parent setting ends when that pipe closes, so even a controller killed outright
 * leaves no orphan behind.
 */
public final class LocalProcessFleet implements Fleet {
  /** How long a stopping worker may take to finish its batch before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logDir;

  /**
   * @param command the worker command line; the instance name reaches it as {@code IRAS_INSTANCE_ID}
   * @param logDir each instance's output goes to {@code <name>.log} here
   */
  public LocalProcessFleet(List<String> command, Map<String, String> environment, Path logDir) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.logDir = logDir;
  }

  @Override
  public WorkerInstance launch(String name) throws IOException {
    Files.createDirectories(logDir);
    File log = logDir.resolve(name + ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    builder.environment().put("IRAS_INSTANCE_ID", name);
    builder.environment().put("IRAS_EXIT_WITH_PARENT", "true");
    return new LocalProcess(name, builder.start(), log);
  }

  private record LocalProcess(String name, Process process, File log) implements WorkerInstance {
    @Override
    public CompletionStage<String> terminated() {
      return process.onExit().thenApply(p -> "process " + p.pid() + " exited with " + p.exitValue()
          + " (log: " + log + ")");
    }

    @Override
    public void stop() {
      process.destroy();
      CompletableFuture.runAsync(
          () -> {
            try {
              if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
              }
            } catch (InterruptedException e) {
              process.destroyForcibly();
              Thread.currentThread().interrupt();
            }
          });
    }
  }
}
