package iras.app.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.Main;
import iras.controller.fleet.WorkerInstance;
import iras.controller.fleet.ec2.Ec2Fleet;
import iras.core.cloud.CloudClients;
import iras.core.cloud.CloudLayout;
import iras.core.settings.Settings;
import iras.core.testing.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code iras aws plan | up | status | down} run as a user runs them, against moto's S3, SQS, EC2, IAM and
 * CloudFormation; what they made is checked through the SDK, and what {@code down} left by listing, not by the
 * stack's status (moto reports a stack deleted even when a non-empty bucket stayed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsCommandsAgainstMotoIT {
  private MotoServer moto;
  private S3Client s3;
  private SqsClient sqs;
  private Ec2Client ec2;
  private IamClient iam;
  @TempDir static Path appDir;

  @BeforeAll
  void start() throws Exception {
    moto = MotoServer.startOrSkip();
    // The commands take credentials from the SDK's default chain, whose first link is these properties.
    System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
    var credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
    s3 = S3Client.builder().endpointOverride(moto.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(CloudClients.httpClient()).build();
    sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(CloudClients.httpClient()).build();
    ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(CloudClients.httpClient()).build();
    iam = IamClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(credentials).httpClient(CloudClients.httpClient()).build();
    builtApp(appDir);
  }

  @AfterAll
  void stop() throws IOException {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (moto != null) {
      s3.close();
      sqs.close();
      ec2.close();
      iam.close();
      moto.close();
    }
  }

  @Test
  void courseDeploymentLivesAndLeavesNothing() throws Exception {
    String id = "course1";
    CloudLayout layout = CloudLayout.of(id, true);

    Run plan = iras("plan", id, "--course", "--web-cidr", "203.0.113.7/32");
    assertEquals(0, plan.code, plan.err);
    for (String resource : List.of("InBucket", "OutBucket", "RecordsBucket", "RequestQueue", "DeadLetterQueue",
        "WorkerRole", "WorkerProfile", "WebRole", "WebProfile", "WorkerLaunchTemplate", "WebInstance")) {
      assertTrue(plan.out.contains(resource), "plan lists " + resource + ":\n" + plan.out);
    }
    assertTrue(leftovers(id).isEmpty(), "plan made nothing: " + leftovers(id));

    Run up = iras("up", id, "--course", "--web-cidr", "203.0.113.7/32");
    assertEquals(0, up.code, up.out + up.err);
    assertFalse(up.out.contains("open to every address"), up.out);
    assertTrue(up.out.contains("is up: http://"), up.out);

    for (String bucket : List.of(layout.inputBucket(), layout.outputBucket(), layout.recordsBucket())) {
      assertEquals(Map.of("iras:deployment", id), bucketTags(bucket), bucket);
    }
    String requestUrl = sqs.getQueueUrl(b -> b.queueName(layout.requestQueue())).queueUrl();
    Map<QueueAttributeName, String> request = sqs.getQueueAttributes(b -> b.queueUrl(requestUrl)
        .attributeNames(QueueAttributeName.ALL)).attributes();
    assertEquals("1024", request.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
    assertTrue(request.get(QueueAttributeName.REDRIVE_POLICY).contains(layout.deadLetterQueue()),
        request.get(QueueAttributeName.REDRIVE_POLICY));
    assertEquals(id, sqs.listQueueTags(b -> b.queueUrl(requestUrl)).tags().get("iras:deployment"));
    for (String queue : List.of(layout.responseQueue(), layout.deadLetterQueue(), layout.heartbeatQueue())) {
      sqs.getQueueUrl(b -> b.queueName(queue));
    }
    String heartbeatUrl = sqs.getQueueUrl(b -> b.queueName(layout.heartbeatQueue())).queueUrl();
    assertEquals("60", sqs.getQueueAttributes(b -> b.queueUrl(heartbeatUrl)
        .attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD)).attributes()
        .get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));

    LaunchTemplateVersion template = ec2.describeLaunchTemplateVersions(b -> b.launchTemplateName(id + "-worker"))
        .launchTemplateVersions().get(0);
    assertTrue(template.launchTemplateData().iamInstanceProfile().arn().endsWith("/" + id + "-worker-profile"),
        template.launchTemplateData().iamInstanceProfile().arn());
    assertEquals("required", template.launchTemplateData().metadataOptions().httpTokensAsString());
    String userData = new String(Base64.getDecoder().decode(template.launchTemplateData().userData()));
    String release = releaseKey(id);
    assertTrue(userData.contains(release) && userData.contains("sha256sum -c"), userData);
    assertTrue(userData.contains("IRAS_PROVISION=\"false\""), userData);
    assertReleaseIsTheBuiltApp(id, release);
    assertTrue(iam.getRole(b -> b.roleName(id + "-worker-role")).role().arn().contains(id + "-worker-role"));

    Instance web = single(instances(id, "web-instance"));
    assertTrue(web.iamInstanceProfile().arn().endsWith("/" + id + "-web-profile"), web.iamInstanceProfile().arn());

    // The controller's EC2 fleet with the settings the web instance's user data gives it, against the stack's
    // launch template.
    Map<String, String> env = settingsOf(ec2.describeInstanceAttribute(b -> b.instanceId(web.instanceId())
        .attribute(InstanceAttributeName.USER_DATA)).userData().value());
    assertEquals("ec2", env.get("IRAS_FLEET"));
    assertEquals("false", env.get("IRAS_PROVISION"));
    assertEquals("15", env.get("IRAS_MAX_INSTANCES"));
    assertEquals(template.launchTemplateId(), env.get("IRAS_EC2_LAUNCH_TEMPLATE"));
    Settings controller = Settings.load().with(Map.of(
        "deployment", env.get("IRAS_DEPLOYMENT"), "course", Boolean.parseBoolean(env.get("IRAS_COURSE")),
        "cloud.access-key", MotoServer.ACCESS_KEY, "cloud.secret-key", MotoServer.SECRET_KEY,
        "controller.ec2.endpoint", moto.endpoint().toString(),
        "controller.ec2.launch-template", env.get("IRAS_EC2_LAUNCH_TEMPLATE"),
        "controller.ec2.instance-profile", env.get("IRAS_EC2_INSTANCE_PROFILE"),
        "controller.ec2.user-data", env.get("IRAS_EC2_USER_DATA")));
    try (Ec2Fleet fleet = Ec2Fleet.create(controller)) {
      assertEquals(15, fleet.capacity());
      List<WorkerInstance> launched = new ArrayList<>();
      for (int n = 1; n <= 3; n++) {
        launched.add(fleet.launch("app-tier-instance-" + n));
      }
      for (int n = 1; n <= 3; n++) {
        Instance worker = single(instances(id, "app-tier-instance-" + n));
        assertEquals(launched.get(n - 1).id(), worker.instanceId());
        assertTrue(worker.iamInstanceProfile().arn().endsWith("/" + id + "-worker-profile"),
            worker.iamInstanceProfile().arn());
        assertEquals(template.launchTemplateData().imageId(), worker.imageId());
        assertTrue(worker.securityGroups().stream().anyMatch(g -> g.groupName().equals(id + "-worker")),
            worker.securityGroups().toString());
      }
      launched.get(2).stop();
    }

    Run status = iras("status", id);
    assertEquals(0, status.code, status.err);
    assertTrue(status.out.contains("stack iras-" + id + ": CREATE_COMPLETE"), status.out);
    assertTrue(status.out.contains("web-instance " + web.instanceId() + " running"), status.out);
    assertTrue(status.out.contains("workers: 2 running, 1 stopped"), status.out);
    assertTrue(status.out.contains("running app-tier-instance-1 "), status.out);
    assertTrue(status.out.contains("queue " + layout.requestQueue() + ": 0 waiting, 0 in flight"), status.out);

    // Objects in every bucket, as a used deployment has: down must empty them to delete them.
    for (String bucket : List.of(layout.inputBucket(), layout.outputBucket(), layout.recordsBucket())) {
      s3.putObject(b -> b.bucket(bucket).key("test_00.jpg"),
          RequestBody.fromString("x"));
    }
    Run down = iras("down", id);
    assertEquals(0, down.code, down.out + down.err);
    assertEquals(List.of(), leftovers(id));
  }

  @Test
  void defaultDeploymentHasTheDefaultLayoutsNames() throws Exception {
    String id = "plain1";
    CloudLayout layout = CloudLayout.of(id);
    Run up = iras("up", id);
    assertEquals(0, up.code, up.out + up.err);
    assertTrue(up.out.contains("note: the web page is open to every address (--web-cidr 0.0.0.0/0)"), up.out);
    assertEquals(List.of("0.0.0.0/0"), ec2.describeSecurityGroups(b -> b.filters(
            Filter.builder().name("group-name").values(id + "-web").build()))
        .securityGroups().get(0).ipPermissions().get(0).ipRanges().stream().map(r -> r.cidrIp()).toList());
    assertEquals(List.of(id + "-artifacts", layout.inputBucket(), layout.outputBucket()),
        s3.listBuckets().buckets().stream().map(b -> b.name()).filter(n -> n.startsWith(id + "-")).sorted()
            .toList());
    Run again = iras("up", id);
    assertEquals(0, again.code, again.out + again.err);
    assertTrue(again.out.contains("is uploaded already"), again.out);
    Run down = iras("down", id);
    assertEquals(0, down.code, down.out + down.err);
    assertEquals(List.of(), leftovers(id));
  }

  @Test
  void aTakenNameIsRefusedBeforeAnythingIsMade() throws Exception {
    String id = "taken1";
    s3.createBucket(b -> b.bucket(id + "-in-bucket"));
    String group = ec2.createSecurityGroup(b -> b.groupName(id + "-web").description("someone else's")).groupId();
    try {
      Run up = iras("up", id, "--web-cidr", "203.0.113.7/32");
      assertEquals(2, up.code, up.out);
      assertTrue(up.err.startsWith("iras: the name taken1 is taken (bucket taken1-in-bucket, security group "
          + group + " taken1-web already exist outside a stack of it)"), up.err);
      assertEquals(1, up.err.strip().lines().count(), up.err);
      assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(id + "-artifacts")));

      // The bucket without the deployment's tag is someone else's: down leaves it and says so.
      Run down = iras("down", id);
      assertEquals(1, down.code, down.out);
      assertTrue(down.out.contains("bucket taken1-in-bucket (not tagged iras:deployment=taken1: left alone)"),
          down.out);
      assertTrue(down.out.contains("security group " + group + " taken1-web"), down.out);
      s3.headBucket(b -> b.bucket(id + "-in-bucket"));
      assertEquals(1, ec2.describeSecurityGroups(b -> b.groupIds(group)).securityGroups().size());
    } finally {
      s3.deleteBucket(b -> b.bucket(id + "-in-bucket"));
      ec2.deleteSecurityGroup(b -> b.groupId(group));
    }
  }

  /** The {@code KEY="value"} lines of a base64 user-data script. */
  private static Map<String, String> settingsOf(String userData) {
    Map<String, String> env = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^(IRAS_[A-Z0-9_]+)=\"([^\"]*)\"$")
        .matcher(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8));
    while (m.find()) {
      env.put(m.group(1), m.group(2));
    }
    return env;
  }

  @Test
  void aStackThatCannotBeUpdatedIsRefusedInOneLineAndDownRemovesIt() throws Exception {
    String id = "review1";
    try (CloudFormationClient cfn = CloudFormationClient.builder().endpointOverride(moto.endpoint())
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .httpClient(CloudClients.httpClient()).build()) {
      // What an interrupted plan leaves: a new stack's change set, never carried out.
      cfn.createChangeSet(b -> b.stackName("iras-" + id).changeSetName("left").changeSetType(ChangeSetType.CREATE)
          .templateBody(DeploymentStack.template()).capabilities(Capability.CAPABILITY_NAMED_IAM)
          .parameters(p -> p.parameterKey("Deployment").parameterValue(id),
              p -> p.parameterKey("WebCidr").parameterValue("203.0.113.7/32"),
              p -> p.parameterKey("ArtifactBucket").parameterValue(id + "-artifacts"),
              p -> p.parameterKey("ArtifactKey").parameterValue("iras-0.tar"),
              p -> p.parameterKey("ArtifactSha256").parameterValue("0".repeat(64))));
    }
    Run up = iras("up", id);
    assertEquals(2, up.code, up.out);
    assertEquals("iras: stack iras-review1 holds only a change set never carried out (a plan that was interrupted?):"
        + " remove it with iras aws down --deployment review1", up.err.strip());
    Run status = iras("status", id);
    assertTrue(status.out.startsWith("stack iras-review1: REVIEW_IN_PROGRESS"), status.out);
    Run down = iras("down", id);
    assertEquals(0, down.code, down.out + down.err);
    assertEquals(List.of(), leftovers(id));
  }

  private record Run(int code, String out, String err) {}

  private Run iras(String command, String deployment, String... options) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("aws", command, "--endpoint", moto.endpoint().toString(),
        "--region", "us-east-1", "--deployment", deployment));
    if (command.equals("plan") || command.equals("up")) {
      args.addAll(List.of("--app-dir", appDir.toString()));
    }
    args.addAll(List.of(options));
    int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private List<String> leftovers(String id) {
    try (AwsClients clients = AwsClients.create("us-east-1", moto.endpoint())) {
      AwsDeployment deployment = new AwsDeployment(id);
      return new DeploymentResources(clients, deployment)
          .leftovers(new DeploymentStack(clients.cloudFormation(), deployment));
    }
  }

  private Map<String, String> bucketTags(String bucket) {
    Map<String, String> tags = new TreeMap<>();
    s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().stream().filter(t -> !t.key().startsWith("aws:"))
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  private List<Instance> instances(String id, String name) {
    return ec2.describeInstances(b -> b.filters(
            Filter.builder().name("tag:iras:deployment").values(id).build(),
            Filter.builder().name("tag:Name").values(name).build(),
            Filter.builder().name("instance-state-name").values("pending", "running", "stopped").build()))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList();
  }

  private static Instance single(List<Instance> instances) {
    assertEquals(1, instances.size(), instances.toString());
    return instances.get(0);
  }

  private String releaseKey(String id) {
    List<String> keys = s3.listObjectsV2(b -> b.bucket(id + "-artifacts")).contents().stream()
        .map(o -> o.key()).toList();
    assertEquals(1, keys.size(), keys.toString());
    return keys.get(0);
  }

  /** The uploaded release is named by its SHA-256 and holds the app, its libraries and the scripts. */
  private void assertReleaseIsTheBuiltApp(String id, String key) throws Exception {
    byte[] tar = s3.getObjectAsBytes(b -> b.bucket(id + "-artifacts").key(key)).asByteArray();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tar));
    assertEquals("iras-" + sha + ".tar", key);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextTarEntry(); e != null; e = in.getNextTarEntry()) {
        names.add(e.getName());
      }
    }
    assertEquals(List.of("iras.jar", "lib/one.jar", "docker-free-scripts/ec2-user-data.sh",
        "docker-free-scripts/iras-worker.service", "docker-free-scripts/iras-web.service",
        "docker-free-scripts/iras-controller.service"), names);
  }

  /** A built app's shape: iras.jar beside lib/. */
  private static void builtApp(Path dir) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    manifest.getMainAttributes().putValue("Main-Class", Main.class.getName());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("iras.jar")), manifest)) {
      jar.finish();
    }
    Files.createDirectories(dir.resolve("lib"));
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve("lib/one.jar")))) {
      jar.finish();
    }
  }
}
