package iras.app.aws;

import iras.core.settings.Settings;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine.Option;

/** Which deployment, in which region, through which endpoint: the options every {@code iras aws} command takes. */
public final class AwsOptions {
  @Option(names = "--deployment",
      description = "The deployment's name, the prefix of its buckets and queues (default: iras.deployment).")
  String deployment;

  @Option(names = "--region", description = "AWS region (default: iras.cloud.region).")
  String region;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "One endpoint for every AWS service (a test server such as moto); default: AWS's own.")
  URI endpoint;

  AwsDeployment deployment(Settings settings) {
    return new AwsDeployment(deployment == null ? settings.deployment() : deployment);
  }

  AwsClients clients(Settings settings) {
    return AwsClients.create(region == null ? settings.region() : region, endpoint);
  }

  /** Runs a command's work on the deployment these options name, with its clients, an SDK failure said in one line. */
  int on(PrintWriter out, DeploymentWork work) throws Exception {
    return AwsCommand.reporting(() -> {
      Settings settings = Settings.load();
      try (AwsClients clients = clients(settings)) {
        return work.run(deployment(settings), clients, out);
      }
    });
  }

  interface DeploymentWork {
    int run(AwsDeployment deployment, AwsClients clients, PrintWriter out) throws Exception;
  }
}
