package iras.app.aws;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.Tag;

@Command(name = "up",
    description = "Upload the built app as a release named by its SHA-256, create or update the deployment's stack,"
        + " wait for it and print the page's URL.")
public final class UpCommand implements Callable<Integer> {
  /** The web tier's port in the template (its WebPort parameter's default). */
  static final int WEB_PORT = 8000;

  @Mixin AwsOptions aws;
  @Mixin StackOptions stack;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return aws.on(spec.commandLine().getOut(), (deployment, clients, out) -> {
      warnIfOpen(stack, out);
      try (ReleaseArtifact artifact = ReleaseArtifact.pack(stack.appDir())) {
        DeploymentResources resources = new DeploymentResources(clients, deployment);
        DeploymentStack cfn = new DeploymentStack(clients.cloudFormation(), deployment);
        Optional<Stack> existing = cfn.describe();
        if (existing.isPresent()) {
          cfn.requireUsable(existing.get());
        } else {
          requireNamesFree(resources, deployment);
        }
        upload(clients, resources, deployment, artifact, out);
        out.println((existing.isPresent() ? "updating" : "creating") + " stack " + deployment.stackName());
        out.flush();
        Set<String> earlier = cfn.eventIds();
        if (!cfn.apply(DeploymentStack.parameters(deployment, stack, deployment.artifactBucket(), artifact),
            existing.isPresent())) {
          out.println("stack " + deployment.stackName() + " is up to date");
        } else {
          Stack done = cfn.await(earlier, out).orElseThrow(() -> new IOException("stack " + deployment.stackName()
              + " vanished while it was being made"));
          if (done.stackStatus() != StackStatus.CREATE_COMPLETE && done.stackStatus() != StackStatus.UPDATE_COMPLETE) {
            throw new IOException(cfn.failure(done) + "; remove it with iras aws down --deployment " + deployment.id());
          }
        }
        Optional<Instance> web = resources.instances().stream()
            .filter(i -> DeploymentResources.name(i).equals(AwsDeployment.WEB_INSTANCE)).findFirst();
        out.println(web.map(i -> "iras " + deployment.id() + " is up: http://"
                + (i.publicDnsName() == null || i.publicDnsName().isEmpty() ? i.publicIpAddress() : i.publicDnsName())
                + ":" + WEB_PORT + "/ (it answers once the instance has installed and started the service)")
            .orElse("iras " + deployment.id() + " is up, but its web instance is not running: see iras aws status"));
        out.flush();
        return 0;
      }
    });
  }

  static void warnIfOpen(StackOptions stack, PrintWriter out) {
    if (stack.webCidr.endsWith("/0")) {
      out.println("note: the web page is open to every address (--web-cidr " + stack.webCidr
          + "); give --web-cidr <your address>/32 to close it to others");
    }
  }

  /** A new stack would fail on a name someone already holds: say which, before anything is made. */
  private static void requireNamesFree(DeploymentResources resources, AwsDeployment deployment) throws IOException {
    List<String> taken = new ArrayList<>();
    deployment.allBuckets().stream().filter(b -> !b.equals(deployment.artifactBucket()))
        .filter(resources::bucketExists).forEach(b -> taken.add("bucket " + b));
    deployment.queues().stream().filter(q -> resources.queueUrl(q).isPresent()).forEach(q -> taken.add("queue " + q));
    deployment.roles().stream().filter(resources::roleExists).forEach(r -> taken.add("role " + r));
    deployment.instanceProfiles().stream().filter(resources::instanceProfileExists)
        .forEach(p -> taken.add("instance profile " + p));
    taken.addAll(resources.namedEc2Resources());
    if (!taken.isEmpty()) {
      throw new IOException("the name " + deployment.id() + " is taken (" + String.join(", ", taken)
          + " already exist outside a stack of it): choose another --deployment or remove them");
    }
  }

  private static void upload(AwsClients clients, DeploymentResources resources, AwsDeployment deployment,
      ReleaseArtifact artifact, PrintWriter out) throws IOException {
    String bucket = deployment.artifactBucket();
    if (!resources.bucketExists(bucket)) {
      clients.s3().createBucket(b -> {
        b.bucket(bucket);
        if (!clients.region().equals("us-east-1")) {
          b.createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(clients.region())));
        }
      });
      clients.s3().putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
          Tag.builder().key(AwsDeployment.TAG).value(deployment.id()).build())));
    } else if (!resources.ownsBucket(bucket)) {
      throw new IOException("the name " + deployment.id() + " is taken: bucket " + bucket + " exists and is not tagged "
          + AwsDeployment.TAG + "=" + deployment.id() + "; choose another --deployment");
    }
    if (resources.objectExists(bucket, artifact.key())) {
      out.println("release " + artifact.key() + " is uploaded already");
      return;
    }
    out.printf("uploading release %s (%d MB) to bucket %s%n", artifact.key(), Files.size(artifact.file()) >> 20,
        bucket);
    out.flush();
    clients.s3().putObject(b -> b.bucket(bucket).key(artifact.key()),
        RequestBody.fromFile(artifact.file()));
  }
}
