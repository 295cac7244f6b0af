package iras.controller.fleet;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker instances as JVM processes on this machine. Each child's standard input is a pipe from this process: a
 * worker started with the exit-with-parent setting ends when that pipe closes, so even a controller killed outright
 * leaves no orphan behind. Each live child also has a pid file, so a controller started later stops any that are
 * still finishing.
 */
public final class LocalProcessFleet implements Fleet {
  /** How long a stopping worker may take to finish its batch before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /** Left for this process (web tier, embedded cloud) and the system when sizing the fleet by memory. */
  private static final long HOST_RESERVE = 2L << 30;

  /**
   * A worker's resident size against its heap: measured at 0.28 GiB idle and 0.65 GiB peak (MobileNetV2, batches of
   * 8, 1 GiB heap); DL4J's buffers live outside the heap, so budget the heap plus half of it again.
   */
  private static final double RESIDENT_PER_HEAP = 1.5;

  private static final Logger log = LoggerFactory.getLogger(LocalProcessFleet.class);

  private final List<String> command;
  private final Map<String, String> environment;
  private final Path dir;
  private final int capacity;
  private final Map<String, LocalProcess> live = new ConcurrentHashMap<>();

  /**
   * @param command the worker command line; the instance name reaches it as {@code IRAS_INSTANCE_ID}
   * @param dir each instance's output goes to {@code <name>.log} here, its process id to {@code <name>.pid}
   */
  public LocalProcessFleet(List<String> command, Map<String, String> environment, Path dir, int capacity) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.dir = dir;
    this.capacity = capacity;
  }

  /** How many workers of {@code heapBytes} and {@code threads} inference threads each this machine holds. */
  public static int machineCapacity(long heapBytes, int threads) {
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    int byMemory = (int) ((memory - HOST_RESERVE) / (long) (heapBytes * RESIDENT_PER_HEAP));
    // A worker spends nearly all of a batch in inference (about 0.5 s per batch of 8 against tens of milliseconds of
    // S3 and SQS), so more workers than cores only share the cores, and they make every start slower (JVM start and
    // model load are CPU-bound). Measured on 2 cores, 100 uploads, MobileNetV2: 2 workers answered all in 44 s,
    // 4 workers in 59 s.
    int byCores = Runtime.getRuntime().availableProcessors() / Math.max(1, threads);
    return Math.max(1, Math.min(MOST, Math.min(byMemory, byCores)));
  }

  @Override
  public String kind() {
    return "local processes";
  }

  @Override
  public int capacity() {
    return capacity;
  }

  /** Adopts the children this fleet still runs; stops workers that an earlier controller process left finishing. */
  @Override
  public List<WorkerInstance> reconcile() throws IOException {
    List<WorkerInstance> adopted = new ArrayList<>(live.values());
    if (!Files.isDirectory(dir)) {
      return adopted;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path file : pids) {
        String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
        if (!live.containsKey(name)) {
          stray(file).ifPresent(p -> {
            log.warn("stopping {} (process {}), left running by an earlier controller", name, p.pid());
            p.destroy();
          });
          Files.deleteIfExists(file);
        }
      }
    }
    return adopted;
  }

  /** The process a pid file names, if it still runs: the same pid and the same start time. */
  private static Optional<ProcessHandle> stray(Path file) throws IOException {
    String[] fields = Files.readString(file).trim().split(" ");
    if (fields.length != 2) {
      return Optional.empty();
    }
    return ProcessHandle.of(Long.parseLong(fields[0]))
        .filter(p -> p.info().startInstant().map(s -> s.toEpochMilli() == Long.parseLong(fields[1])).orElse(false));
  }

  @Override
  public WorkerInstance launch(String name) throws IOException {
    Files.createDirectories(dir);
    File log = dir.resolve(name + ".log").toFile();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putAll(environment);
    builder.environment().put("IRAS_INSTANCE_ID", name);
    builder.environment().put("IRAS_EXIT_WITH_PARENT", "true");
    Process process = builder.start();
    Path pidFile = dir.resolve(name + ".pid");
    Instant started = process.info().startInstant().orElse(Instant.EPOCH);
    Files.writeString(pidFile, process.pid() + " " + started.toEpochMilli());
    LocalProcess instance = new LocalProcess(name, process, log);
    live.put(name, instance);
    process.onExit().thenRun(() -> {
      live.remove(name, instance);
      forget(pidFile, process.pid());
    });
    return instance;
  }

  /** Deletes a pid file unless a newer process of the same name has taken it over. */
  private static void forget(Path pidFile, long pid) {
    try {
      if (Files.exists(pidFile) && Files.readString(pidFile).startsWith(pid + " ")) {
        Files.delete(pidFile);
      }
    } catch (IOException e) {
      log.debug("could not remove {}: {}", pidFile, e.toString());
    }
  }

  private record LocalProcess(String name, Process process, File log) implements WorkerInstance {
    @Override
    public String id() {
      return "pid " + process.pid();
    }

    @Override
    public CompletionStage<String> terminated() {
      return process.onExit().thenApply(p -> "process " + p.pid() + " exited with " + p.exitValue()
          + " (log: " + log + ")");
    }

    /** SIGTERM: the worker finishes its batch, publishes, and exits; killed if it takes longer than the grace. */
    @Override
    public void stop() {
      process.destroy();
      process.onExit().orTimeout(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(late -> {
        process.destroyForcibly();
        return process;
      });
    }

    @Override
    public void kill() {
      process.destroyForcibly();
    }
  }
}
