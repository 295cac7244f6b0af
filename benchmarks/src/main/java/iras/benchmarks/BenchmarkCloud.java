package iras.benchmarks;

import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;

/**
 * The embedded cloud as {@code iras local} runs it, on free ports in a temporary folder, for one benchmark's life;
 * closing it stops it and removes the folder.
 */
final class BenchmarkCloud implements AutoCloseable {
  private final Path dataDir;
  private final ActorSystem system;
  private final LocalCloud local;
  private final Settings clientSettings;

  private BenchmarkCloud(Path dataDir, ActorSystem system, LocalCloud local, Settings clientSettings) {
    this.dataDir = dataDir;
    this.system = system;
    this.local = local;
    this.clientSettings = clientSettings;
  }

  /** @param settings keys (relative to {@code iras.}) beside the free ports, the folder and the deployment's name */
  static BenchmarkCloud start(String name, Map<String, ?> settings) throws Exception {
    Path dataDir = ScratchFolder.create("iras-" + name);
    Map<String, Object> all = new HashMap<>(settings);
    all.putAll(Map.of("local.s3-port", 0, "local.sqs-port", 0, "local.data-dir", dataDir.toString(),
        "deployment", "bench"));
    Settings base = Settings.load().with(all);
    ActorSystem system = ActorSystem.create("bench");
    LocalCloud local = LocalCloud.start(base, system);
    return new BenchmarkCloud(dataDir, system, local, local.clientSettings(base));
  }

  LocalCloud local() {
    return local;
  }

  /** The settings a client of this cloud connects with. */
  Settings clientSettings() {
    return clientSettings;
  }

  @Override
  public void close() throws Exception {
    try {
      local.close();
    } finally {
      system.terminate();
      ScratchFolder.delete(dataDir);
    }
  }
}
