package iras.app.aws;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What {@code plan} and {@code up} give the template: the profile, sizes, who may reach the page, the model. */
public final class StackOptions {
  @Option(names = "--course",
      description = "The course's profile: the buckets hold only the course's objects, at most 15 workers.")
  boolean course;

  @Option(names = "--web-cidr", defaultValue = "0.0.0.0/0", paramLabel = "CIDR",
      description = "Addresses that may reach the web page, e.g. your address/32 (default: ${DEFAULT-VALUE}, every"
          + " address, as the course's grader needs; the commands say so when it is open).")
  String webCidr;

  @Option(names = "--web-instance-type", defaultValue = "t3.medium",
      description = "Instance type of web-instance (web tier and controller; default: ${DEFAULT-VALUE}).")
  String webInstanceType;

  @Option(names = "--worker-instance-type", defaultValue = "t3.medium",
      description = "Instance type of each app-tier-instance-N (default: ${DEFAULT-VALUE}).")
  String workerInstanceType;

  @Option(names = "--max-workers",
      description = "Most workers at once, 1 to 20 (default: 15 with --course, else 20).")
  Integer maxWorkers;

  @Option(names = "--model", description = "The workers' model URI (docs/MODELS.md; default: the built-in one).")
  String model;

  @Option(names = "--app-dir", paramLabel = "DIR",
      description = "Folder holding the built iras.jar and lib/ (default: the running one's).")
  Path appDir;

  Path appDir() throws IOException {
    return appDir != null ? appDir : ReleaseArtifact.runningAppDir();
  }

  int maxWorkers() {
    return maxWorkers != null ? maxWorkers : course ? 15 : 20;
  }
}
