package iras.app.aws;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A deployment's resources looked up by their names and by the {@value AwsDeployment#TAG} tag, never by anything
 * broader: what {@code status} reports and {@code down} removes and then proves gone.
 */
final class DeploymentResources {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration LONGEST_TERMINATION = Duration.ofMinutes(10);

  private final AwsClients aws;
  private final AwsDeployment deployment;

  DeploymentResources(AwsClients aws, AwsDeployment deployment) {
    this.aws = aws;
    this.deployment = deployment;
  }

  /** The deployment's instances that are not terminated, web instance and workers. */
  List<Instance> instances() {
    return aws.ec2().describeInstancesPaginator(b -> b.filters(
            Filter.builder().name("tag:" + AwsDeployment.TAG).values(deployment.id()).build(),
            Filter.builder().name("instance-state-name")
                .values("pending", "running", "shutting-down", "stopping", "stopped").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
  }

  static String name(Instance i) {
    return i.tags().stream().filter(t -> t.key().equals("Name")).map(t -> t.value()).findFirst().orElse("");
  }

  /**
   * Terminates every instance of the deployment and waits until none is left but terminated ones; an instance that
   * appears meanwhile (a controller launching as it goes down) is terminated too.
   */
  void terminateInstances(PrintWriter out) throws IOException {
    Instant until = Instant.now().plus(LONGEST_TERMINATION);
    for (List<Instance> left = instances(); !left.isEmpty(); left = instances()) {
      List<String> ids = left.stream().filter(i -> i.state().name() != InstanceStateName.SHUTTING_DOWN)
          .map(Instance::instanceId).toList();
      if (!ids.isEmpty()) {
        out.println("terminating " + ids.size() + " instance(s): " + String.join(" ", ids));
        out.flush();
        aws.ec2().terminateInstances(b -> b.instanceIds(ids));
      }
      if (Instant.now().isAfter(until)) {
        throw new IOException("instances of " + deployment.id() + " still not terminated after "
            + LONGEST_TERMINATION.toMinutes() + " min; see iras aws status");
      }
      sleep();
    }
  }

  boolean bucketExists(String bucket) {
    try {
      aws.s3().headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      // 403: it exists, in another account.
      return true;
    }
  }

  boolean objectExists(String bucket, String key) {
    try {
      aws.s3().headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Whether the bucket carries the deployment's tag: only then is it this deployment's to empty and delete. */
  boolean ownsBucket(String bucket) {
    try {
      return aws.s3().getBucketTagging(b -> b.bucket(bucket)).tagSet().stream()
          .anyMatch(t -> t.key().equals(AwsDeployment.TAG) && t.value().equals(deployment.id()));
    } catch (S3Exception e) {
      return false;
    }
  }

  /** Deletes every object version and delete marker, then any object left (a bucket without versioning). */
  void emptyBucket(String bucket) {
    List<ObjectIdentifier> batch = new ArrayList<>();
    aws.s3().listObjectVersionsPaginator(b -> b.bucket(bucket)).forEach(page -> {
      page.versions().forEach(v -> batch.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      page.deleteMarkers().forEach(m -> batch.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
    });
    aws.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
        .forEach(o -> batch.add(ObjectIdentifier.builder().key(o.key()).build()));
    for (int from = 0; from < batch.size(); from += 1000) {
      List<ObjectIdentifier> part = batch.subList(from, Math.min(batch.size(), from + 1000));
      aws.s3().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(part).quiet(true)));
    }
  }

  Optional<String> queueUrl(String queue) {
    try {
      return Optional.of(aws.sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl());
    } catch (QueueDoesNotExistException e) {
      return Optional.empty();
    }
  }

  boolean roleExists(String role) {
    try {
      aws.iam().getRole(b -> b.roleName(role));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  boolean instanceProfileExists(String profile) {
    try {
      aws.iam().getInstanceProfile(b -> b.instanceProfileName(profile));
      return true;
    } catch (NoSuchEntityException e) {
      return false;
    }
  }

  /**
   * Everything of the deployment still there, by name (buckets, queues, roles, instance profiles, security groups,
   * launch template) and by tag (instances, security groups, launch templates), one line each.
   */
  List<String> leftovers(DeploymentStack stack) {
    List<String> left = new ArrayList<>();
    stack.describe().ifPresent(s -> left.add("stack " + s.stackName() + " (" + s.stackStatusAsString() + ")"));
    for (Instance i : instances()) {
      left.add("instance " + i.instanceId() + " " + name(i) + " (" + i.state().nameAsString() + ")");
    }
    for (String bucket : deployment.allBuckets()) {
      if (bucketExists(bucket)) {
        left.add("bucket " + bucket + (ownsBucket(bucket) ? "" : " (not tagged " + AwsDeployment.TAG + "="
            + deployment.id() + ": left alone)"));
      }
    }
    deployment.queues().stream().filter(q -> queueUrl(q).isPresent()).forEach(q -> left.add("queue " + q));
    deployment.roles().stream().filter(this::roleExists).forEach(r -> left.add("role " + r));
    deployment.instanceProfiles().stream().filter(this::instanceProfileExists)
        .forEach(p -> left.add("instance profile " + p));
    left.addAll(namedEc2Resources());
    Filter tagged = Filter.builder().name("tag:" + AwsDeployment.TAG).values(deployment.id()).build();
    aws.ec2().describeSecurityGroupsPaginator(b -> b.filters(tagged)).securityGroups().stream()
        .filter(g -> !deployment.securityGroups().contains(g.groupName()))
        .forEach(g -> left.add("security group " + g.groupId() + " " + g.groupName()));
    aws.ec2().describeLaunchTemplatesPaginator(b -> b.filters(tagged)).launchTemplates().stream()
        .filter(t -> !t.launchTemplateName().equals(deployment.launchTemplate()))
        .forEach(t -> left.add("launch template " + t.launchTemplateId() + " " + t.launchTemplateName()));
    return left;
  }

  /** The security groups and launch template that hold one of the deployment's names, tagged or not. */
  List<String> namedEc2Resources() {
    List<String> named = new ArrayList<>();
    aws.ec2().describeSecurityGroupsPaginator(b -> b.filters(
            Filter.builder().name("group-name").values(deployment.securityGroups()).build()))
        .securityGroups().forEach(g -> named.add("security group " + g.groupId() + " " + g.groupName()));
    aws.ec2().describeLaunchTemplatesPaginator(b -> b.filters(
            Filter.builder().name("launch-template-name").values(deployment.launchTemplate()).build()))
        .launchTemplates().forEach(t -> named.add("launch template " + t.launchTemplateId() + " "
            + t.launchTemplateName()));
    return named;
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
