package iras.app.aws;

import iras.core.cloud.CloudLayout;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names of everything a deployment's stack (deploy/aws/iras.yaml) and {@code iras aws up} create, in either
 * profile, so that {@code down} can look for each by name.
 */
record AwsDeployment(String id) {
  static final String TAG = "iras:deployment";
  static final String WEB_INSTANCE = "web-instance";

  String stackName() {
    return "iras-" + id;
  }

  /** Holds the release artifacts; made by {@code up} beside the stack, since the stack's instances need one. */
  String artifactBucket() {
    return id + "-artifacts";
  }

  String launchTemplate() {
    return id + "-worker";
  }

  /** The buckets of the stack in the given profile (the course's adds a records bucket). */
  List<String> stackBuckets(boolean course) {
    CloudLayout layout = CloudLayout.of(id, course);
    return Stream.of(layout.inputBucket(), layout.outputBucket(), layout.recordsBucket()).distinct().toList();
  }

  /** Every bucket of the deployment in either profile, the artifact bucket last. */
  List<String> allBuckets() {
    return Stream.concat(stackBuckets(true).stream(), Stream.of(artifactBucket())).toList();
  }

  List<String> queues() {
    CloudLayout layout = CloudLayout.of(id);
    return List.of(layout.requestQueue(), layout.responseQueue(), layout.deadLetterQueue(), layout.heartbeatQueue());
  }

  List<String> roles() {
    return List.of(id + "-worker-role", id + "-web-role");
  }

  List<String> instanceProfiles() {
    return List.of(id + "-worker-profile", id + "-web-profile");
  }

  List<String> securityGroups() {
    return List.of(id + "-web", id + "-worker");
  }
}
