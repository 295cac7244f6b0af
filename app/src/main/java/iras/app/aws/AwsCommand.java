package iras.app.aws;

import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

@Command(
    name = "aws",
    description = "A deployment on AWS, owned by one CloudFormation stack (deploy/aws/iras.yaml): plan, up, status,"
        + " down. Credentials come from the AWS SDK's default chain (environment, profile, instance role).",
    subcommands = {PlanCommand.class, UpCommand.class, StatusCommand.class, DownCommand.class})
public final class AwsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs a subcommand's work with AWS's refusals as the one-line I/O errors the command reports. */
  static int reporting(Callable<Integer> work) throws Exception {
    try {
      return work.call();
    } catch (SdkException e) {
      throw explained(e);
    }
  }

  static IOException explained(SdkException e) {
    if (e instanceof SdkClientException && e.getMessage() != null && e.getMessage().contains("credentials")) {
      return new IOException("no AWS credentials found: set AWS_PROFILE (see aws configure) or AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY", e);
    }
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return new IOException(service.awsErrorDetails().serviceName() + " refused: "
          + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage(), e);
    }
    return new IOException("AWS: " + e.getMessage(), e);
  }
}
