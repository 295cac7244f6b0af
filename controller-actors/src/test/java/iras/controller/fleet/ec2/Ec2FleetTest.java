package iras.controller.fleet.ec2;

import iras.controller.sensing.Sensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.FleetController;
import iras.controller.TestTime;
import iras.controller.fleet.WorkerInstance;
import iras.controller.instance.InstanceActor;
import iras.controller.instance.InstanceState;
import iras.controller.scaling.ScalingPolicy;
import iras.controller.status.FleetMetrics;
import iras.controller.status.FleetStatus;
import iras.controller.status.Timeline;
import iras.core.cloud.CloudClients;
import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The EC2 fleet through the real SDK client against an endpoint speaking the EC2 Query protocol. */
class Ec2FleetTest {
  private static final String USER_DATA = Base64.getEncoder().encodeToString("#!/bin/bash\necho hi\n".getBytes());
  private static final Map<String, String> DESCRIBE_DEPLOYMENT = Map.of(
      "Action", "DescribeInstances", "Version", "2016-11-15",
      "Filter.1.Name", "tag:iras:deployment", "Filter.1.Value.1", "test",
      "Filter.2.Name", "instance-state-name", "Filter.2.Value.1", "pending", "Filter.2.Value.2", "running",
      "Filter.2.Value.3", "stopping", "Filter.2.Value.4", "stopped");

  private Ec2QueryEndpoint endpoint;
  private final TestTime time = TestTime.kit();
  private final ActorTestKit kit = time.testKit();
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    endpoint = new Ec2QueryEndpoint();
  }

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
    endpoint.close();
  }

  private Ec2Fleet fleet(Ec2Settings settings) {
    Ec2Client client = Ec2Client.builder()
        .endpointOverride(endpoint.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        .httpClient(CloudClients.httpClient())
        .build();
    return new Ec2Fleet(client, "test", settings, USER_DATA, Ec2Fleet.MOST);
  }

  private Ec2Fleet fleet() {
    return fleet(new Ec2Settings(Optional.empty(), "ami-0123456789abcdef0", "", "t3.micro", "iras-key",
        List.of("sg-1", "sg-2"), "subnet-1", "iras-worker", "", Duration.ofHours(1)));
  }

  private static Map<String, String> tags(String name, String deployment) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", name);
    tags.put("iras:deployment", deployment);
    return tags;
  }

  /** The requests sent, the SDK's random idempotency token checked and left out. */
  private List<Map<String, String>> sent() {
    return endpoint.takeRequests().stream().map(r -> {
      Map<String, String> copy = new TreeMap<>(r);
      if (r.get("Action").equals("RunInstances")) {
        assertTrue(copy.remove("ClientToken").matches("[0-9a-f-]{36}"), "an idempotency token");
      }
      return (Map<String, String>) copy;
    }).toList();
  }

  private static Map<String, String> request(String... keysAndValues) {
    Map<String, String> m = new TreeMap<>();
    m.put("Version", "2016-11-15");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static Map<String, String> run(String name) {
    return request("Action", "RunInstances", "ImageId", "ami-0123456789abcdef0", "InstanceType", "t3.micro",
        "MinCount", "1", "MaxCount", "1", "UserData", USER_DATA, "KeyName", "iras-key",
        "SecurityGroupId.1", "sg-1", "SecurityGroupId.2", "sg-2", "SubnetId", "subnet-1",
        "IamInstanceProfile.Name", "iras-worker",
        "TagSpecification.1.ResourceType", "instance",
        "TagSpecification.1.Tag.1.Key", "Name", "TagSpecification.1.Tag.1.Value", name,
        "TagSpecification.1.Tag.2.Key", "iras:deployment", "TagSpecification.1.Tag.2.Value", "test",
        "MetadataOptions.HttpTokens", "required", "MetadataOptions.InstanceMetadataTags", "enabled");
  }

  @Test
  void aLaunchWithNothingStoppedRunsATaggedInstanceWithTheUserData() throws Exception {
    try (Ec2Fleet fleet = fleet()) {
      WorkerInstance w = fleet.launch("app-tier-instance-1");
      assertEquals(List.of(run("app-tier-instance-1")), sent());
      assertEquals("app-tier-instance-1", w.name());
      assertEquals("pending", endpoint.vm(w.id()).state);
    }
  }

  @Test
  void aLaunchTemplateReplacesImageAndType() throws Exception {
    try (Ec2Fleet fleet = fleet(new Ec2Settings(Optional.empty(), "", "lt-0abc", "t3.micro", "", List.of(), "", "",
        "", Duration.ofHours(1)))) {
      fleet.launch("app-tier-instance-1");
      assertEquals(List.of(request("Action", "RunInstances", "LaunchTemplate.LaunchTemplateId", "lt-0abc",
          "MinCount", "1", "MaxCount", "1", "UserData", USER_DATA, "TagSpecification.1.ResourceType", "instance",
          "TagSpecification.1.Tag.1.Key", "Name", "TagSpecification.1.Tag.1.Value", "app-tier-instance-1",
          "TagSpecification.1.Tag.2.Key", "iras:deployment", "TagSpecification.1.Tag.2.Value", "test",
          "MetadataOptions.HttpTokens", "required", "MetadataOptions.InstanceMetadataTags", "enabled")), sent());
    }
  }

  @Test
  void stoppedInstancesAreStartedBeforeAnyNewOneRunsSameNameFirst() throws Exception {
    var two = endpoint.add("stopped", tags("app-tier-instance-2", "test"));
    var seven = endpoint.add("stopped", tags("app-tier-instance-7", "test"));
    try (Ec2Fleet fleet = fleet()) {
      assertEquals(List.of(), fleet.reconcile());
      assertEquals(List.of(new TreeMap<>(DESCRIBE_DEPLOYMENT)), sent());

      fleet.launch("app-tier-instance-2");
      assertEquals(List.of(request("Action", "StartInstances", "InstanceId.1", two.id)), sent());

      // No stopped instance has the name: one is renamed (its worker reads the tag at boot), then started.
      fleet.launch("app-tier-instance-1");
      assertEquals(List.of(
          request("Action", "CreateTags", "ResourceId.1", seven.id, "Tag.1.Key", "Name",
              "Tag.1.Value", "app-tier-instance-1"),
          request("Action", "StartInstances", "InstanceId.1", seven.id)), sent());
      assertEquals("app-tier-instance-1", endpoint.vm(seven.id).tags.get("Name"));

      fleet.launch("app-tier-instance-3");
      assertEquals(List.of(run("app-tier-instance-3")), sent());
    }
  }

  @Test
  void aStoppedInstanceThatCannotStartAnyMoreGivesWayToANewOne() throws Exception {
    var gone = endpoint.add("stopped", tags("app-tier-instance-1", "test"));
    try (Ec2Fleet fleet = fleet()) {
      fleet.reconcile();
      sent();
      gone.state = "terminated";
      fleet.launch("app-tier-instance-1");
      assertEquals(List.of(request("Action", "StartInstances", "InstanceId.1", gone.id), run("app-tier-instance-1")),
          sent());
    }
  }

  @Test
  void scaleInStopsTheInstanceWhichIsThenReusedAndADeadOneIsTerminated() throws Exception {
    try (Ec2Fleet fleet = fleet()) {
      WorkerInstance w = fleet.launch("app-tier-instance-1");
      endpoint.vm(w.id()).state = "running";
      sent();

      w.stop();
      assertEquals(List.of(request("Action", "StopInstances", "InstanceId.1", w.id())), sent());
      fleet.refresh();
      assertFalse(w.terminated().toCompletableFuture().isDone(), "still stopping");
      endpoint.vm(w.id()).state = "stopped";
      fleet.refresh();
      assertEquals("instance " + w.id() + " is stopped (" + Ec2QueryEndpoint.USER_SHUTDOWN + ")", w.terminated().toCompletableFuture().get(1, TimeUnit.SECONDS));
      assertEquals(List.of(new TreeMap<>(DESCRIBE_DEPLOYMENT), new TreeMap<>(DESCRIBE_DEPLOYMENT)), sent());

      WorkerInstance again = fleet.launch("app-tier-instance-1");
      assertEquals(w.id(), again.id());
      assertEquals(List.of(request("Action", "StartInstances", "InstanceId.1", w.id())), sent());

      again.kill();
      assertEquals(List.of(request("Action", "TerminateInstances", "InstanceId.1", w.id())), sent());
      endpoint.vm(w.id()).state = "terminated";
      fleet.refresh();
      assertEquals("instance " + w.id() + " no longer exists",
          again.terminated().toCompletableFuture().get(1, TimeUnit.SECONDS));
      fleet.launch("app-tier-instance-1");
      assertEquals("RunInstances", sent().get(1).get("Action"), "a terminated instance is never reused");
    }
  }

  @Test
  void anInstanceJustRunThatEc2DoesNotListYetIsNotTakenForVanished() throws Exception {
    try (Ec2Fleet fleet = fleet()) {
      WorkerInstance w = fleet.launch("app-tier-instance-1");
      endpoint.listed(w.id(), false);
      fleet.refresh();
      assertFalse(w.terminated().toCompletableFuture().isDone(), "not listed yet is not gone");

      endpoint.listed(w.id(), true);
      fleet.refresh();
      endpoint.listed(w.id(), false);
      fleet.refresh();
      assertEquals("instance " + w.id() + " no longer exists",
          w.terminated().toCompletableFuture().get(1, TimeUnit.SECONDS), "once listed, missing means gone");
    }
  }

  @Test
  void reconcileAdoptsOneRunningWorkerPerNameAndStopsStrays() throws Exception {
    var one = endpoint.add("running", tags("app-tier-instance-1", "test"));
    var duplicate = endpoint.add("running", tags("app-tier-instance-1", "test"));
    var unnamed = endpoint.add("running", tags("something-else", "test"));
    var three = endpoint.add("pending", tags("app-tier-instance-3", "test"));
    endpoint.add("stopped", tags("app-tier-instance-4", "test"));
    endpoint.add("running", tags("app-tier-instance-5", "another-deployment"));
    endpoint.add("terminated", tags("app-tier-instance-6", "test"));
    try (Ec2Fleet fleet = fleet()) {
      List<WorkerInstance> adopted = fleet.reconcile();
      assertEquals(Map.of("app-tier-instance-1", one.id, "app-tier-instance-3", three.id),
          adopted.stream().collect(Collectors.toMap(WorkerInstance::name, WorkerInstance::id)));
      assertEquals(List.of(new TreeMap<>(DESCRIBE_DEPLOYMENT),
          request("Action", "StopInstances", "InstanceId.1", duplicate.id, "InstanceId.2", unnamed.id)), sent());
    }
  }

  @Test
  void aRestartedControllerAdoptsTheFleetAndLaunchesNoDuplicate() throws Exception {
    ScalingPolicy policy = new ScalingPolicy(10, 0, 20, 2);
    var timeouts = new InstanceActor.Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(5));
    try (Ec2Fleet first = fleet()) {
      ActorRef<FleetController.Command> controller = kit.spawn(FleetController.create(first, policy, timeouts,
          Timeline.at(dir.resolve("a.csv")), Sensors.none(), new FleetMetrics(), time));
      controller.tell(new FleetController.Sample(20, 0, time.instant()));
      awaitInstances(controller, 2);
      kit.stop(controller, Duration.ofSeconds(5));
    }
    List<Map<String, String>> firstRun = sent();
    assertEquals(List.of("DescribeInstances", "RunInstances", "RunInstances"),
        firstRun.stream().map(r -> r.get("Action")).toList());

    try (Ec2Fleet second = fleet()) {
      ActorRef<FleetController.Command> controller = kit.spawn(FleetController.create(second,
          new ScalingPolicy(10, 0, 20, 2), timeouts, Timeline.at(dir.resolve("b.csv")),
          Sensors.none(), new FleetMetrics(), time));
      controller.tell(new FleetController.Sample(20, 0, time.instant()));
      FleetStatus s = awaitInstances(controller, 2);
      assertTrue(s.instances().stream().allMatch(v -> v.state() == InstanceState.ADOPTED), s::toString);
      controller.tell(new FleetController.Sample(20, 0, time.instant()));
      // Answered after the sample, so any launch it caused would have been sent by now.
      awaitInstances(controller, 2);
      assertEquals(List.of("DescribeInstances"), sent().stream().map(r -> r.get("Action")).toList(),
          "adopted, nothing launched or stopped");
      kit.stop(controller, Duration.ofSeconds(5));
    }
  }

  @Test
  void aControllerThatCannotSeeTheFleetYetLaunchesNothingUntilItCan() throws Exception {
    endpoint.failNext("DescribeInstances");
    try (Ec2Fleet fleet = fleet()) {
      ActorRef<FleetController.Command> controller = kit.spawn(FleetController.create(fleet,
          new ScalingPolicy(10, 0, 20, 2), new InstanceActor.Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(5)),
          Timeline.at(dir.resolve("t.csv")), Sensors.none(), new FleetMetrics(), time));
      controller.tell(new FleetController.Sample(20, 0, time.instant()));
      awaitInstances(controller, 0);
      assertEquals(List.of("DescribeInstances"), sent().stream().map(r -> r.get("Action")).toList(),
          "no launch before the fleet is known");
      time.passes(Duration.ofMillis(1999));
      awaitInstances(controller, 0);
      assertEquals(0, endpoint.pending(), "no second look within 2 s");
      time.passes(Duration.ofMillis(1));
      time.eventually(() -> {
        assertEquals(1, endpoint.pending(), "the second look, 2 s after the first");
        return null;
      });
      controller.tell(new FleetController.Sample(20, 0, time.instant()));
      awaitInstances(controller, 2);
      assertEquals(List.of("DescribeInstances", "RunInstances", "RunInstances"),
          sent().stream().map(r -> r.get("Action")).toList());
      kit.stop(controller, Duration.ofSeconds(5));
    }
  }

  private FleetStatus awaitInstances(ActorRef<FleetController.Command> controller, int n) {
    TestProbe<FleetStatus> probe = kit.createTestProbe();
    return time.eventually(() -> {
      controller.tell(new FleetController.GetStatus(probe.getRef()));
      FleetStatus s = probe.receiveMessage(Duration.ofSeconds(5));
      assertTrue(s.instances().size() == n && s.instances().stream().noneMatch(v -> v.id().equals("-")),
          () -> "not " + n + " instances: " + s);
      return s;
    });
  }

  /** A stack-made launch template installs the release and writes the settings itself: no user data overrides it. */
  @Test
  void aLaunchTemplatesOwnUserDataIsKept() throws Exception {
    Settings settings = Settings.load().with(Map.of("deployment", "test", "cloud.access-key", "AKIDTEST",
        "cloud.secret-key", "secret", "controller.ec2.endpoint", endpoint.uri().toString(),
        "controller.ec2.launch-template", "lt-0abc", "controller.ec2.user-data", "launch-template"));
    try (Ec2Fleet fleet = Ec2Fleet.create(settings)) {
      fleet.launch("app-tier-instance-1");
      assertEquals(List.of(request("Action", "RunInstances", "LaunchTemplate.LaunchTemplateId", "lt-0abc",
          "MinCount", "1", "MaxCount", "1", "TagSpecification.1.ResourceType", "instance",
          "TagSpecification.1.Tag.1.Key", "Name", "TagSpecification.1.Tag.1.Value", "app-tier-instance-1",
          "TagSpecification.1.Tag.2.Key", "iras:deployment", "TagSpecification.1.Tag.2.Value", "test",
          "MetadataOptions.HttpTokens", "required", "MetadataOptions.InstanceMetadataTags", "enabled")),
          sent().stream().filter(r -> r.get("Action").equals("RunInstances")).toList());
    }
    IllegalArgumentException noTemplate = assertThrows(IllegalArgumentException.class, () -> Ec2Fleet.create(
        settings.with(Map.of("controller.ec2.launch-template", "", "controller.ec2.ami", "ami-0123456789abcdef0"))));
    assertTrue(noTemplate.getMessage().contains("no launch template"), noTemplate.getMessage());
  }

  @Test
  void userDataCarriesTheDeploymentsSettingsButNeverItsKeys() throws Exception {
    Settings settings = Settings.load().with(Map.of("deployment", "test", "cloud.access-key", "AKIDSECRET",
        "cloud.secret-key", "very-secret", "cloud.sqs-endpoint", "https://sqs.example"));
    String script = new String(Base64.getDecoder().decode(UserData.encoded(settings, "")), StandardCharsets.UTF_8);
    assertTrue(script.startsWith("#!/usr/bin/env bash"), script);
    assertTrue(script.contains("\nIRAS_DEPLOYMENT=\"test\"\n"), script);
    assertTrue(script.contains("\nIRAS_SQS_ENDPOINT=\"https://sqs.example\"\n"), script);
    assertFalse(script.contains(UserData.PLACEHOLDER));
    for (String secret : Set.of("AKIDSECRET", "very-secret", "IRAS_ACCESS_KEY", "IRAS_SECRET_KEY")) {
      assertFalse(script.contains(secret), "user data must not carry " + secret);
    }
  }
}
