package iras.app.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChange;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** The deployment's CloudFormation stack, made from deploy/aws/iras.yaml (packed into the app's jar). */
final class DeploymentStack {
  private static final String TEMPLATE = "/iras/app/aws/iras.yaml";
  private static final Duration POLL = Duration.ofSeconds(2);
  /** Longer than any stack of this template takes: instances with user data are its slowest part. */
  private static final Duration LONGEST = Duration.ofMinutes(30);
  private static final Set<StackStatus> FAILED = Set.of(StackStatus.CREATE_FAILED, StackStatus.ROLLBACK_COMPLETE,
      StackStatus.ROLLBACK_FAILED, StackStatus.DELETE_FAILED, StackStatus.UPDATE_ROLLBACK_FAILED);

  private final CloudFormationClient cfn;
  private final AwsDeployment deployment;

  DeploymentStack(CloudFormationClient cfn, AwsDeployment deployment) {
    this.cfn = cfn;
    this.deployment = deployment;
  }

  Optional<Stack> describe() {
    try {
      return cfn.describeStacks(b -> b.stackName(deployment.stackName())).stacks().stream().findFirst()
          .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE);
    } catch (CloudFormationException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Refuses a stack in a failed state, naming the resource that failed and why. */
  void requireUsable(Stack stack) throws IOException {
    if (FAILED.contains(stack.stackStatus())) {
      throw new IOException(failure(stack) + "; remove it with iras aws down --deployment " + deployment.id());
    }
    if (stack.stackStatus() == StackStatus.REVIEW_IN_PROGRESS) {
      throw new IOException("stack " + stack.stackName() + " holds only a change set never carried out (a plan that"
          + " was interrupted?): remove it with iras aws down --deployment " + deployment.id());
    }
    if (stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
      throw new IOException("stack " + stack.stackName() + " is " + stack.stackStatusAsString()
          + ": wait for it to finish (iras aws status) and try again");
    }
  }

  static List<Parameter> parameters(AwsDeployment deployment, StackOptions options, String artifactBucket,
      ReleaseArtifact artifact) {
    Map<String, String> values = Map.of(
        "Deployment", deployment.id(),
        "Course", Boolean.toString(options.course),
        "WebCidr", options.webCidr,
        "WebInstanceType", options.webInstanceType,
        "WorkerInstanceType", options.workerInstanceType,
        "MaxWorkers", Integer.toString(options.maxWorkers()),
        "ModelUri", options.model == null ? "" : options.model,
        "ArtifactBucket", artifactBucket,
        "ArtifactKey", artifact.key(),
        "ArtifactSha256", artifact.sha256());
    return values.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList();
  }

  /** The changes {@code up} would make, printed one per line; the change set is deleted again. */
  void plan(List<Parameter> parameters, PrintWriter out) throws IOException {
    Optional<Stack> existing = describe();
    if (existing.isPresent()) {
      requireUsable(existing.get());
    }
    ChangeSetType type = existing.isPresent() ? ChangeSetType.UPDATE : ChangeSetType.CREATE;
    String id = cfn.createChangeSet(b -> b.stackName(deployment.stackName()).changeSetName("iras-plan")
        .changeSetType(type).templateBody(template()).parameters(parameters)
        .capabilities(Capability.CAPABILITY_NAMED_IAM).tags(tag())).id();
    try {
      DescribeChangeSetResponse set = awaitChangeSet(id);
      out.printf("%s %s (%s):%n", type == ChangeSetType.CREATE ? "would create stack" : "would update stack",
          deployment.stackName(), deployment.id());
      if (set.status() == ChangeSetStatus.FAILED) {
        out.println("  no changes" + (set.statusReason() == null ? "" : " (" + set.statusReason() + ")"));
        return;
      }
      for (Change change : set.changes()) {
        ResourceChange r = change.resourceChange();
        String replacement = switch (String.valueOf(r.replacementAsString())) {
          case "True" -> " (replaced)";
          case "Conditional" -> " (may be replaced)";
          default -> "";
        };
        out.printf("  %-7s %-22s %s%s%n", r.actionAsString(), r.logicalResourceId(), r.resourceType(), replacement);
      }
    } finally {
      cfn.deleteChangeSet(b -> b.changeSetName(id));
      if (type == ChangeSetType.CREATE) {
        // The change set of a new stack leaves an empty stack in REVIEW_IN_PROGRESS behind: a plan changes nothing.
        cfn.deleteStack(b -> b.stackName(deployment.stackName()));
      }
    }
  }

  private DescribeChangeSetResponse awaitChangeSet(String id) throws IOException {
    Instant until = Instant.now().plus(Duration.ofMinutes(5));
    while (true) {
      DescribeChangeSetResponse set = cfn.describeChangeSet(b -> b.changeSetName(id));
      if (set.status() == ChangeSetStatus.CREATE_COMPLETE || set.status() == ChangeSetStatus.FAILED) {
        return set;
      }
      pause(until, "the plan's change set");
    }
  }

  /** Creates the stack or updates it; returns false when it is up to date already. */
  boolean apply(List<Parameter> parameters, boolean exists) {
    if (!exists) {
      cfn.createStack(b -> b.stackName(deployment.stackName()).templateBody(template()).parameters(parameters)
          .capabilities(Capability.CAPABILITY_NAMED_IAM).tags(tag()));
      return true;
    }
    try {
      cfn.updateStack(b -> b.stackName(deployment.stackName()).templateBody(template()).parameters(parameters)
          .capabilities(Capability.CAPABILITY_NAMED_IAM).tags(tag()));
      return true;
    } catch (CloudFormationException e) {
      if (e.getMessage() != null && e.getMessage().contains("No updates are to be performed")) {
        return false;
      }
      throw e;
    }
  }

  void delete() {
    cfn.deleteStack(b -> b.stackName(deployment.stackName()));
  }

  /**
   * Waits for the stack to leave its IN_PROGRESS state, printing each resource event as it comes.
   *
   * @param before the events to leave out, those of earlier changes ({@link #eventIds()} before this change)
   *
   * @return the final stack, or empty when it is gone
   */
  Optional<Stack> await(Set<String> before, PrintWriter out) throws IOException {
    Set<String> seen = new HashSet<>(before);
    Instant until = Instant.now().plus(LONGEST);
    while (true) {
      Optional<Stack> stack = describe();
      for (StackEvent e : events()) {
        if (seen.add(e.eventId())) {
          out.printf("  %-22s %-20s %s%n", e.logicalResourceId(), e.resourceStatusAsString(),
              e.resourceStatusReason() == null ? "" : e.resourceStatusReason());
          out.flush();
        }
      }
      if (stack.isEmpty() || !stack.get().stackStatusAsString().endsWith("_IN_PROGRESS")) {
        return stack;
      }
      pause(until, "stack " + deployment.stackName());
    }
  }

  Set<String> eventIds() {
    return new HashSet<>(events().stream().map(StackEvent::eventId).toList());
  }

  /** Oldest first; none once the stack is gone. */
  private List<StackEvent> events() {
    try {
      List<StackEvent> events = new ArrayList<>();
      cfn.describeStackEventsPaginator(b -> b.stackName(deployment.stackName())).stackEvents().forEach(events::add);
      Collections.reverse(events);
      return events;
    } catch (CloudFormationException e) {
      if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
        return List.of();
      }
      throw e;
    }
  }

  /** Whether the stack's last change failed (a failed state, or one rolled back). */
  static boolean failed(Stack stack) {
    return FAILED.contains(stack.stackStatus()) || stack.stackStatusAsString().contains("ROLLBACK");
  }

  /** "stack X is ROLLBACK_COMPLETE: Resource (Type) CREATE_FAILED: reason". */
  String failure(Stack stack) {
    String cause = events().stream()
        .filter(e -> e.resourceStatusAsString().endsWith("_FAILED") && e.resourceStatusReason() != null
            && !e.resourceStatusReason().contains("cancelled"))
        .findFirst()
        .map(e -> ": " + e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString() + ": "
            + e.resourceStatusReason())
        .orElse(stack.stackStatusReason() == null ? "" : ": " + stack.stackStatusReason());
    return "stack " + stack.stackName() + " is " + stack.stackStatusAsString() + cause;
  }

  private Tag tag() {
    return Tag.builder().key(AwsDeployment.TAG).value(deployment.id()).build();
  }

  static String template() {
    try (InputStream in = DeploymentStack.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the app's jar lacks " + TEMPLATE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pause(Instant until, String what) throws IOException {
    if (Instant.now().isAfter(until)) {
      throw new IOException("gave up waiting for " + what + "; see iras aws status");
    }
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + what);
    }
  }
}
