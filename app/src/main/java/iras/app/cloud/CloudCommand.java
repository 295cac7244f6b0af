package iras.app.cloud;

import com.typesafe.config.ConfigFactory;
import iras.app.foreground.Foreground;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import iras.localcloud.LocalCredentials;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "cloud",
    description = "Run the embedded S3 and SQS alone (loopback, state under the data directory), for iras web,"
        + " iras controller and iras worker started on their own, as on AWS.")
public final class CloudCommand implements Callable<Integer> {
  @Option(names = "--s3-port", description = "Port of the embedded S3 (default 9000; 0 picks a free one).")
  Integer s3Port;

  @Option(names = "--sqs-port", description = "Port of the embedded SQS (default 9324; 0 picks a free one).")
  Integer sqsPort;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load()
        .withGiven("local.s3-port", s3Port)
        .withGiven("local.sqs-port", sqsPort);
    ActorSystem system = ActorSystem.create("iras-cloud", ConfigFactory.load());
    LocalCloud cloud = LocalCloud.start(settings, system);
    System.out.printf("iras cloud: S3 %s, SQS %s; data in %s. For the other parts of the service (the credentials"
            + " are this data folder's own, kept in it in " + LocalCredentials.FILE + "):%n"
            + "export IRAS_S3_ENDPOINT=%s IRAS_SQS_ENDPOINT=%s IRAS_ACCESS_KEY=%s IRAS_SECRET_KEY=%s%n",
        cloud.s3Endpoint(), cloud.sqsEndpoint(), settings.localDataDir(), cloud.s3Endpoint(), cloud.sqsEndpoint(),
        cloud.credentials().accessKey(), cloud.credentials().secretKey());
    Foreground.holdUntilStopped(() -> {
      try {
        cloud.close();
      } finally {
        system.terminate();
      }
    });
    return 0;
  }
}
