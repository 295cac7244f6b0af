package iras.localcloud;

import iras.core.settings.Settings;
import java.nio.file.Path;
import java.util.Map;

/** Settings for an embedded cloud of a test: free ports, its files in the test's folder, its own deployment name. */
final class EmbeddedCloudSettings {
  private EmbeddedCloudSettings() {}

  static Settings of(Path dataDir, String deployment) {
    return Settings.load().with(Map.of("local.s3-port", 0, "local.sqs-port", 0,
        "local.data-dir", dataDir.toString(), "deployment", deployment));
  }
}
