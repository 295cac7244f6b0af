package iras.app.faults;

import iras.core.cloud.Cloud;
import iras.core.fleet.Heartbeat;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.TestInfo;

/**
 * One deployment for a fault test: the embedded cloud on free ports, real worker processes, and a user of the
 * queues. Requests reappear 5 s after a worker stops holding them (instead of 60 s), so lost holds show quickly.
 */
final class FaultDeployment implements AutoCloseable {
  static final Path SHARED = Path.of(System.getProperty("iras.shared", "../shared"));
  static final Path V2 = SHARED.resolve("models/imagenet-mobilenet/mobilenet_v2_1.0_224_quant.tflite");
  /** Small and fast, for tests where the model's speed does not matter. */
  static final Path V1_TINY = SHARED.resolve("models/imagenet-mobilenet/mobilenet_v1_0.25_128_quant.tflite");
  static final Path IMAGES = SHARED.resolve("data/imagenet-100/images");
  static final Duration VISIBILITY = Duration.ofSeconds(5);

  final Settings settings;
  final LocalCloud localCloud;
  final Cloud cloud;
  final WorkerProcesses workers;
  final QueueUser user;
  private final ActorSystem system;

  private FaultDeployment(Settings settings, ActorSystem system, LocalCloud localCloud, Path logDir) {
    this.system = system;
    this.localCloud = localCloud;
    this.settings = localCloud.clientSettings(settings);
    this.cloud = Cloud.connect(this.settings);
    this.workers = new WorkerProcesses(this.settings, logDir);
    this.user = new QueueUser(cloud);
  }

  /** Worker logs are kept in {@code target/fault-logs/<test>} for a look after a failure. */
  static FaultDeployment start(Path model, Path dataDir, TestInfo test) throws Exception {
    Settings settings = Settings.load().with(Map.of(
        "deployment", "faults",
        "local.s3-port", 0,
        "local.sqs-port", 0,
        "local.data-dir", dataDir.toString(),
        "worker.model", "tflite:" + model.toAbsolutePath(),
        "queue.visibility-timeout", VISIBILITY.toSeconds() + "s"));
    ActorSystem system = ActorSystem.create("faults");
    return new FaultDeployment(settings, system, LocalCloud.start(settings, system),
        Path.of("target", "fault-logs", test.getTestMethod().orElseThrow().getName()));
  }

  /** Starts workers and waits until each has loaded its model and polls. */
  void startWorkers(String... instances) throws Exception {
    for (String instance : instances) {
      workers.start(instance);
    }
    for (String instance : instances) {
      user.awaitHeartbeat(instance, Heartbeat.State.IDLE, Duration.ofMinutes(2));
    }
  }

  @Override
  public void close() throws Exception {
    try {
      workers.close();
      cloud.close();
      localCloud.close();
    } finally {
      system.terminate();
    }
  }
}
