package iras.controller.fleet;

import iras.core.fleet.WorkerControl;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker instances as JVM processes on this machine. Each child's standard input is a pipe from this process: a
 * worker started with the exit-with-parent setting ends when that pipe closes, so even a controller killed outright
 * leaves no orphan behind. Each live child also has a pid file, so a controller started later stops any that are
 * still finishing.
 *
 * <p>A stopped instance's process can stay resident instead of exiting, the way EC2 keeps a stopped instance: it
 * finishes what it holds, stops taking requests and keeps its model loaded (see {@link WorkerControl}). The next
 * launch wakes it under the new name in milliseconds, where a new process needs seconds of JVM start, native
 * library load and model import, all competing for the same cores as the work. Up to {@code warmPool} processes are
 * kept so; {@link #fillPool()} starts them ahead of the first burst, warmed up.
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
  private final int warmPool;
  /** Instances being served, by instance name. */
  private final Map<String, Serving> live = new ConcurrentHashMap<>();
  /** Every child process, by the stem of its log and pid files. */
  private final Map<String, Child> children = new ConcurrentHashMap<>();
  /** Resident children serving no instance, ready to wake; guarded by itself. */
  private final Deque<Child> pool = new ArrayDeque<>();
  private final AtomicInteger processes = new AtomicInteger();

  /**
   * @param command the worker command line; the instance name reaches it as {@code IRAS_INSTANCE_ID}
   * @param dir each process's output goes to {@code worker-<n>.log} here, its process id to {@code worker-<n>.pid}
   */
  public LocalProcessFleet(List<String> command, Map<String, String> environment, Path dir, int capacity) {
    this(command, environment, dir, capacity, 0);
  }

  /** @param warmPool how many stopped workers stay resident for reuse; 0 ends each stopped worker's process */
  public LocalProcessFleet(List<String> command, Map<String, String> environment, Path dir, int capacity,
      int warmPool) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.dir = dir;
    this.capacity = capacity;
    this.warmPool = warmPool;
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

  /** Starts the resident pool: each process loads and warms up its model, then waits, serving no one. */
  public void fillPool() throws IOException {
    stopStrays();
    for (int i = poolSize(); i < warmPool; i++) {
      Child child = start(null);
      synchronized (pool) {
        pool.add(child);
      }
    }
    log.info("{} worker process(es) starting in the pool", warmPool);
  }

  /** Resident processes serving no instance, including those still finishing a hibernation. */
  private int poolSize() {
    synchronized (pool) {
      return pool.size() + (int) children.values().stream().filter(c -> c.hibernating != null).count();
    }
  }

  /** Adopts the instances this fleet still serves; stops workers that an earlier controller process left running. */
  @Override
  public List<WorkerInstance> reconcile() throws IOException {
    stopStrays();
    return new ArrayList<>(live.values());
  }

  /** Stops the processes of pid files in the folder that are not this fleet's: an earlier controller's. */
  private void stopStrays() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path file : pids) {
        String stem = file.getFileName().toString().replaceFirst("\\.pid$", "");
        if (!children.containsKey(stem)) {
          stray(file).ifPresent(p -> {
            log.warn("stopping {} (process {}), left running by an earlier controller", stem, p.pid());
            p.destroy();
          });
          Files.deleteIfExists(file);
        }
      }
    }
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

  /** Wakes a resident process from the pool under {@code name}, or starts a new one when the pool is empty. */
  @Override
  public WorkerInstance launch(String name) throws IOException {
    Child child = takeFromPool();
    if (child != null) {
      log.info("{}: waking resident worker process {}", name, child.process.pid());
      child.send(WorkerControl.WAKE + " " + name);
    } else {
      child = start(name);
    }
    Serving serving = new Serving(name, child, new CompletableFuture<>());
    live.put(name, serving);
    Child c = child;
    child.process.onExit().thenRun(() -> serving.ended.complete("process " + c.process.pid() + " exited with "
        + c.process.exitValue() + " (log: " + c.log + ")"));
    serving.ended.thenRun(() -> live.remove(name, serving));
    return serving;
  }

  private Child takeFromPool() {
    synchronized (pool) {
      for (Child c = pool.poll(); c != null; c = pool.poll()) {
        if (c.process.isAlive()) {
          return c;
        }
      }
      return null;
    }
  }

  /** A new worker process: serving {@code name} at once, or, when it is null, joining the pool once warmed up. */
  private Child start(String name) throws IOException {
    Files.createDirectories(dir);
    String stem = "worker-" + processes.incrementAndGet();
    Path logFile = dir.resolve(stem + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("IRAS_EXIT_WITH_PARENT", "true");
    if (name == null) {
      builder.environment().put(WorkerControl.START, WorkerControl.START_POOLED);
    } else {
      builder.environment().put("IRAS_INSTANCE_ID", name);
    }
    Process process = builder.start();
    Path pidFile = dir.resolve(stem + ".pid");
    Instant started = process.info().startInstant().orElse(Instant.EPOCH);
    Files.writeString(pidFile, process.pid() + " " + started.toEpochMilli());
    Child child = new Child(stem, process, logFile);
    children.put(stem, child);
    child.pumpOutput();
    process.onExit().thenRun(() -> {
      children.remove(stem, child);
      synchronized (pool) {
        pool.remove(child);
      }
      forget(pidFile, process.pid());
    });
    return child;
  }

  /** Deletes a pid file unless a newer process has taken it over. */
  private static void forget(Path pidFile, long pid) {
    try {
      if (Files.exists(pidFile) && Files.readString(pidFile).startsWith(pid + " ")) {
        Files.delete(pidFile);
      }
    } catch (IOException e) {
      log.debug("could not remove {}: {}", pidFile, e.toString());
    }
  }

  /** Ends every process, the resident ones included: each finishes what it holds, within the grace. */
  @Override
  public void close() {
    List<Child> all = List.copyOf(children.values());
    all.forEach(c -> c.process.destroy());
    for (Child c : all) {
      try {
        if (!c.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          c.process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.process.destroyForcibly();
      }
    }
  }

  /** One worker JVM; over its life it may serve several instances, one at a time, resident in between. */
  private final class Child {
    final String stem;
    final Process process;
    final Path log;
    private final Writer control;
    /** The instance it is hibernating from, until the process says it has. */
    volatile Serving hibernating;

    Child(String stem, Process process, Path log) {
      this.stem = stem;
      this.process = process;
      this.log = log;
      this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A command line to the worker; lost if the process has ended, which its exit reports anyway. */
    synchronized void send(String line) {
      try {
        control.write(line + "\n");
        control.flush();
      } catch (IOException e) {
        LocalProcessFleet.log.debug("{}: {} not sent: {}", stem, line, e.toString());
      }
    }

    /** Copies the worker's output to its log, watching for its answers. */
    void pumpOutput() {
      Thread pump = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            file.write(line);
            file.newLine();
            file.flush();
            if (line.equals(WorkerControl.HIBERNATED)) {
              hibernated();
            }
          }
        } catch (IOException e) {
          LocalProcessFleet.log.debug("{}: output closed: {}", stem, e.toString());
        }
      }, stem + "-output");
      pump.setDaemon(true);
      pump.start();
    }

    /** Back in the pool before the instance is reported gone, so the launch that may follow finds it. */
    private void hibernated() {
      Serving from = hibernating;
      if (from == null) {
        return;
      }
      synchronized (pool) {
        hibernating = null;
        pool.add(this);
      }
      from.ended.complete("stopped; process " + process.pid() + " stays resident for the next launch");
    }
  }

  /** An instance name served by a child process. */
  private final class Serving implements WorkerInstance {
    private final String name;
    private final Child child;
    final CompletableFuture<String> ended;

    Serving(String name, Child child, CompletableFuture<String> ended) {
      this.name = name;
      this.child = child;
      this.ended = ended;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String id() {
      return "pid " + child.process.pid();
    }

    @Override
    public CompletionStage<String> terminated() {
      return ended;
    }

    /**
     * Hibernates the process when the pool has room, else SIGTERM: either way the worker finishes its batch and
     * publishes first; it is killed if it takes longer than the grace.
     */
    @Override
    public void stop() {
      boolean keep;
      synchronized (pool) {
        keep = poolSize() < warmPool && child.process.isAlive();
        if (keep) {
          child.hibernating = this;
        }
      }
      if (keep) {
        child.send(WorkerControl.HIBERNATE);
      } else {
        child.process.destroy();
      }
      ended.copy().orTimeout(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).exceptionally(late -> {
        child.process.destroyForcibly();
        return null;
      });
    }

    @Override
    public void kill() {
      child.process.destroyForcibly();
    }
  }
}
