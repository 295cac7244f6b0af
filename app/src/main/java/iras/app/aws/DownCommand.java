package iras.app.aws;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "down",
    description = "Terminate the deployment's instances, empty its buckets, delete its stack and its releases, then"
        + " list by name and tag: exits 1 naming anything still there. Touches only the deployment's resources.")
public final class DownCommand implements Callable<Integer> {
  @Mixin AwsOptions aws;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return aws.on(spec.commandLine().getOut(), (deployment, clients, out) -> {
      DeploymentResources resources = new DeploymentResources(clients, deployment);
      DeploymentStack stack = new DeploymentStack(clients.cloudFormation(), deployment);
      // Workers are the controller's, not the stack's: they go first, or the controller would start more.
      resources.terminateInstances(out);
      // A bucket must be empty before its stack can delete it; one without the tag is someone else's.
      List<String> owned = deployment.allBuckets().stream()
          .filter(b -> resources.bucketExists(b) && resources.ownsBucket(b)).toList();
      for (String bucket : owned) {
        out.println("emptying bucket " + bucket);
        out.flush();
        resources.emptyBucket(bucket);
      }
      if (stack.describe().isPresent()) {
        out.println("deleting stack " + deployment.stackName());
        out.flush();
        Set<String> earlier = stack.eventIds();
        stack.delete();
        stack.await(earlier, out);
      }
      // The release bucket lives beside the stack; a stack bucket may outlive a stack deletion that failed.
      for (String bucket : owned) {
        if (resources.bucketExists(bucket)) {
          resources.emptyBucket(bucket);
          clients.s3().deleteBucket(b -> b.bucket(bucket));
        }
      }
      List<String> left = resources.leftovers(stack);
      if (!left.isEmpty()) {
        out.println("left behind by " + deployment.id() + ":");
        left.forEach(l -> out.println("  " + l));
        out.flush();
        return 1;
      }
      out.println("nothing of " + deployment.id() + " is left (checked by name and tag: stack, instances, buckets,"
          + " queues, roles, instance profiles, security groups, launch templates)");
      out.flush();
      return 0;
    });
  }
}
