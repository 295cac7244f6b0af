package iras.app.chaos;

import iras.app.Multipart;
import iras.app.Reference;
import iras.localcloud.LocalCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment on loopback, run as real {@code iras} processes: either the AWS topology ({@code iras cloud},
 * {@code iras web}, {@code iras controller} with a local fleet, each restartable on its own) or {@code iras local}.
 * Its ports are fixed for its life, so a restarted part is found where the others expect it; its data directory is
 * the test's own. Requests reappear 10 s after a killed worker stops holding them (instead of 60 s) and the
 * recovery sweep runs every 2 s, so a run's recovery fits the test's time.
 */
final class ChaosDeployment implements AutoCloseable {
  static final Path SHARED = Path.of(System.getProperty("iras.shared", "../shared"));
  /**
   * MobileNet v1 0.25/128 unless {@code iras.chaos.model} names another file: milliseconds per image, so the
   * service's plumbing, not inference, is under test.
   */
  static final Path MODEL = Path.of(System.getProperty("iras.chaos.model",
      SHARED.resolve("models/imagenet-mobilenet/mobilenet_v1_0.25_128_quant.tflite").toString()));
  static final Path IMAGES = SHARED.resolve("data/imagenet-100/images");
  static final Duration START_WITHIN = Duration.ofMinutes(2);
  /** In-process classification of {@link #IMAGES}, worked out once per JVM while the first deployment starts. */
  private static Reference.Pending expectedLabels;

  final Path dataDir;
  final Path logDir;
  private final Map<String, String> environment = new LinkedHashMap<>();
  /** Every process started, restarts included, newest first: closed in that order. */
  private final Deque<ServiceProcess> started = new ArrayDeque<>();
  private final int webPort;
  private final int statusPort;

  ChaosDeployment(Path dataDir, Path logDir, Map<String, String> overrides) throws IOException {
    this.dataDir = dataDir;
    this.logDir = logDir;
    this.webPort = freePort();
    this.statusPort = freePort();
    int s3Port = freePort();
    int sqsPort = freePort();
    LocalCredentials credentials = LocalCredentials.of(dataDir);
    environment.putAll(Map.ofEntries(
        Map.entry("IRAS_DEPLOYMENT", "chaos"),
        Map.entry("IRAS_DATA_DIR", dataDir.toString()),
        Map.entry("IRAS_MODEL", "tflite:" + MODEL.toAbsolutePath()),
        Map.entry("IRAS_MAX_INSTANCES", "2"),
        Map.entry("IRAS_QUEUE_VISIBILITY_TIMEOUT", "10s"),
        Map.entry("IRAS_RECOVERY_SWEEP", "2s"),
        Map.entry("IRAS_RECOVERY_MIN_AGE", "5s"),
        Map.entry("IRAS_LOCAL_WARM_UP", "0"),
        // The suite sends imagenet-100 ten times over: each request must reach a worker under the faults.
        Map.entry("IRAS_REUSE_ANSWERS", "false"),
        Map.entry("IRAS_WEB_PORT", Integer.toString(webPort)),
        // As the README's processes apart: a web tier on loopback takes uploads without a key.
        Map.entry("IRAS_WEB_BIND_ADDRESS", "127.0.0.1"),
        Map.entry("IRAS_CONTROLLER_PORT", Integer.toString(statusPort)),
        Map.entry("IRAS_LOCAL_S3_PORT", Integer.toString(s3Port)),
        Map.entry("IRAS_LOCAL_SQS_PORT", Integer.toString(sqsPort)),
        Map.entry("IRAS_S3_ENDPOINT", "http://127.0.0.1:" + s3Port),
        Map.entry("IRAS_SQS_ENDPOINT", "http://127.0.0.1:" + sqsPort),
        // Made here, before the cloud's process starts on the folder and reads them.
        Map.entry("IRAS_ACCESS_KEY", credentials.accessKey()),
        Map.entry("IRAS_SECRET_KEY", credentials.secretKey())));
    environment.putAll(overrides);
    startExpectedLabels();
  }

  private static synchronized void startExpectedLabels() throws IOException {
    if (expectedLabels == null) {
      expectedLabels = Reference.labelsMeanwhile(MODEL, Reference.images(IMAGES));
    }
  }

  /** The label in-process classification gives each image of {@link #IMAGES}, by file name. */
  static Map<String, String> expectedLabels() throws Exception {
    Reference.Pending labels;
    synchronized (ChaosDeployment.class) {
      labels = expectedLabels;
    }
    return labels.get();
  }

  URI web() {
    return URI.create("http://127.0.0.1:" + webPort + "/");
  }

  private URI status() {
    return URI.create("http://127.0.0.1:" + statusPort + "/status");
  }

  ServiceProcess startCloud() throws Exception {
    return start("cloud", "cloud")
        // Serving, the embedded SQS refuses this unsigned call as SQS would.
        .awaitReady(URI.create(environment.get("IRAS_SQS_ENDPOINT") + "/?Action=ListQueues"), 403, START_WITHIN);
  }

  ServiceProcess startWeb() throws Exception {
    return launchWeb().awaitReady(web().resolve("/healthz"), START_WITHIN);
  }

  ServiceProcess startController() throws Exception {
    return launchController().awaitReady(status(), START_WITHIN);
  }

  private ServiceProcess launchWeb() throws Exception {
    return start("web", "web");
  }

  private ServiceProcess launchController() throws Exception {
    return start("controller", "controller", "--fleet", "local");
  }

  /** The processes of the AWS topology, for a test that kills one of them. */
  record Apart(ServiceProcess cloud, ServiceProcess web, ServiceProcess controller) {}

  /**
   * The AWS topology: cloud, web tier and controller, each a process of its own; see {@link #awaitAnswer}. The web
   * tier and the controller need only the cloud, and their ports are fixed in advance, so they start together.
   */
  Apart startApart() throws Exception {
    ServiceProcess cloud = startCloud();
    ServiceProcess web = launchWeb();
    ServiceProcess controller = launchController();
    web.awaitReady(web().resolve("/healthz"), START_WITHIN);
    controller.awaitReady(status(), START_WITHIN);
    awaitAnswer();
    return new Apart(cloud, web, controller);
  }

  /**
   * Sends one image through {@code POST /} and waits for its label: the workers have loaded their model and serve,
   * so a fault that follows meets them at work, not starting.
   */
  void awaitAnswer() throws Exception {
    Path image = IMAGES.resolve("test_0.JPEG");
    HttpResponse<String> r = HttpClient.newHttpClient().send(new Multipart()
        .file("inputFile", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image))
        .post(web()), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("the first upload got " + r.statusCode() + ": " + r.body());
    }
  }

  /** {@code iras local}: the cloud, the web tier and the controller in one process, answering. */
  ServiceProcess startLocal() throws Exception {
    return start("local", "local").awaitReady(web().resolve("/healthz"), START_WITHIN)
        .awaitReady(status(), START_WITHIN);
  }

  private ServiceProcess start(String name, String... args) throws Exception {
    ServiceProcess p = ServiceProcess.start(name, environment, logDir, args);
    started.push(p);
    return p;
  }

  /** Stops what still runs, newest first (a controller before the cloud its workers use), then any worker left. */
  @Override
  public void close() throws Exception {
    for (ServiceProcess p : started) {
      p.close();
    }
    liveWorkers().forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Worker processes of this deployment that are alive, from the local fleet's pid files (a pid and the process's
   * start, so a reused pid is not mistaken for a worker).
   */
  List<ProcessHandle> liveWorkers() throws IOException {
    List<ProcessHandle> live = new ArrayList<>();
    Path dir = dataDir.resolve("logs");
    if (!Files.isDirectory(dir)) {
      return live;
    }
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(dir, "*.pid")) {
      for (Path file : pids) {
        worker(file).ifPresent(live::add);
      }
    }
    return live;
  }

  private static Optional<ProcessHandle> worker(Path pidFile) {
    try {
      String[] fields = Files.readString(pidFile).trim().split(" ");
      return ProcessHandle.of(Long.parseLong(fields[0])).filter(ProcessHandle::isAlive).filter(p -> p.info()
          .startInstant().map(s -> s.toEpochMilli() == Long.parseLong(fields[1])).orElse(false));
    } catch (IOException | RuntimeException gone) {
      // Removed or half-written while being read: its process has ended or is starting; neither is an orphan yet.
      return Optional.empty();
    }
  }

  /** Fails unless every worker of this deployment has ended within {@code within}; returns how long it took. */
  long awaitNoWorkers(Duration within) throws Exception {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    List<ProcessHandle> live = liveWorkers();
    while (!live.isEmpty()) {
      if (System.nanoTime() > deadline) {
        String pids = live.stream().map(p -> Long.toString(p.pid())).toList().toString();
        live.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError("worker processes " + pids + " still alive " + within + " after their parent died;"
            + " their logs are copied to " + keepWorkerLogs());
      }
      Thread.sleep(100);
      live = liveWorkers();
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** Copies the workers' logs out of the data directory, which the test removes, into the log folder. */
  private Path keepWorkerLogs() throws IOException {
    Path kept = logDir.resolve("workers");
    Files.createDirectories(kept);
    try (DirectoryStream<Path> logs = Files.newDirectoryStream(dataDir.resolve("logs"), "*.log")) {
      for (Path log : logs) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return kept;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
