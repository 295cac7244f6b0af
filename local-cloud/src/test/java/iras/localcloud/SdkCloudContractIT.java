package iras.localcloud;

import iras.core.cloud.Cloud;
import iras.core.cloud.CloudContract;
import iras.core.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the SDK's cloud over the embedded S3 and SQS: one embedded cloud, a deployment per case. */
class SdkCloudContractIT extends CloudContract {
  @TempDir static Path dataDir;
  static ActorSystem system;
  static LocalCloud localCloud;

  @BeforeAll
  static void start() throws Exception {
    system = ActorSystem.create("contract");
    localCloud = LocalCloud.start(EmbeddedCloudSettings.of(dataDir, "contract"), system);
  }

  @AfterAll
  static void stop() throws Exception {
    localCloud.close();
    system.terminate();
  }

  @Override
  protected Cloud connect(Settings settings) {
    return Cloud.connect(localCloud.clientSettings(settings));
  }

  @Override
  protected void letTimePass(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
