package iras.app.aws;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description = "Print what iras aws up would create or change, changing nothing.")
public final class PlanCommand implements Callable<Integer> {
  @Mixin AwsOptions aws;
  @Mixin StackOptions stack;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return aws.on(spec.commandLine().getOut(), (deployment, clients, out) -> {
      try (ReleaseArtifact artifact = ReleaseArtifact.pack(stack.appDir())) {
        DeploymentResources resources = new DeploymentResources(clients, deployment);
        boolean uploaded = resources.bucketExists(deployment.artifactBucket())
            && resources.objectExists(deployment.artifactBucket(), artifact.key());
        out.printf("release %s (%d MB)%s%n", artifact.key(), Files.size(artifact.file()) >> 20,
            uploaded ? ": uploaded already" : ": would be uploaded to bucket " + deployment.artifactBucket());
        UpCommand.warnIfOpen(stack, out);
        new DeploymentStack(clients.cloudFormation(), deployment).plan(
            DeploymentStack.parameters(deployment, stack, deployment.artifactBucket(), artifact), out);
        out.flush();
        return 0;
      }
    });
  }
}
