package iras.app.chaos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One {@code iras <command>} JVM, started as a user would start it (its settings in {@code IRAS_*} variables), its
 * output in a log file. Killed with SIGKILL or stopped with SIGTERM, by its own process id only.
 */
final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code iras args…}; the log is {@code <logDir>/<name>-<n>.log}, one per start. */
  static ServiceProcess start(String name, Map<String, String> environment, Path logDir, String... args)
      throws IOException {
    Files.createDirectories(logDir);
    Path log;
    int n = 1;
    do {
      log = logDir.resolve(name + "-" + n++ + ".log");
    } while (Files.exists(log));
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"),
        // As the iras script runs these processes: glue code, not worth C2's CPU on a small machine.
        "-XX:TieredStopAtLevel=1", "-Xmx512m", "-cp", classPath, "iras.app.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    // A test JVM stopped mid-run leaves none of its processes behind (a SIGKILL of it would; the fleet's workers
    // end with their parents in any case).
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return new ServiceProcess(name, process, log);
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until {@code url} answers 200, or fails the test naming the log. */
  ServiceProcess awaitReady(URI url, Duration within) throws InterruptedException {
    return awaitReady(url, 200, within);
  }

  /** Waits until {@code url} answers {@code status}, or fails the test naming the log. */
  ServiceProcess awaitReady(URI url, int status, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; log: " + log);
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
          return this;
        }
      } catch (IOException notYet) {
        // Still starting.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(name + " not ready at " + url + " within " + within + "; log: " + log);
  }

  /** SIGKILL: no shutdown hook runs, nothing is drained or flushed beyond what was already written. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL if it has not ended within {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(60));
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
