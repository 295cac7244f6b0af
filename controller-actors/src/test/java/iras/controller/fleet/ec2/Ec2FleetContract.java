package iras.controller.fleet.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import iras.controller.fleet.WorkerInstance;
import iras.core.cloud.CloudClients;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * One fleet life, run against every EC2 endpoint the tests use (the project's double and moto), so the double
 * cannot drift from the protocol: launch, scale-in by stop, a launch that starts the stopped instance again,
 * terminate, and a controller restart that adopts what runs.
 */
abstract class Ec2FleetContract {
  private static final String USER_DATA = Base64.getEncoder().encodeToString("#!/bin/bash\necho hi\n".getBytes());

  /** Where EC2 is spoken. */
  abstract URI endpoint();

  /** An image the endpoint accepts. */
  abstract String image();

  /** Lets transitions finish (pending → running, stopping → stopped, shutting-down → terminated), as time does. */
  abstract void settle();

  /** A deployment no other test of the endpoint uses. */
  abstract String deployment();

  private Ec2Client client() {
    return Ec2Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(CloudClients.httpClient())
        .build();
  }

  private Ec2Fleet fleet() {
    return new Ec2Fleet(client(), deployment(), new Ec2Settings(Optional.empty(), image(), "", "t3.micro", "",
        List.of(), "", "", "", Duration.ofHours(1)), USER_DATA, Ec2Fleet.MOST);
  }

  /** Name → state of the deployment's instances, as EC2 lists them. */
  private Map<String, String> listed() {
    try (Ec2Client ec2 = client()) {
      Map<String, String> states = new TreeMap<>();
      ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:" + Ec2Fleet.DEPLOYMENT_TAG)
              .values(deployment()).build()))
          .reservations().forEach(r -> r.instances().forEach(i -> states.put(
              i.tags().stream().filter(t -> t.key().equals("Name")).findFirst().orElseThrow().value() + " "
                  + i.instanceId(), i.state().nameAsString())));
      return states;
    }
  }

  @Test
  void aFleetLivesThroughLaunchStopStartTerminateAndARestart() throws Exception {
    WorkerInstance one;
    WorkerInstance three;
    try (Ec2Fleet fleet = fleet()) {
      assertEquals(List.of(), fleet.reconcile());
      one = fleet.launch("app-tier-instance-1");
      WorkerInstance two = fleet.launch("app-tier-instance-2");
      settle();
      assertEquals(Map.of("app-tier-instance-1 " + one.id(), "running", "app-tier-instance-2 " + two.id(), "running"),
          listed());

      two.stop();
      settle();
      fleet.refresh();
      assertEquals("instance " + two.id() + " is stopped (Client.UserInitiatedShutdown: User initiated shutdown)",
          two.terminated().toCompletableFuture().get(5, TimeUnit.SECONDS));

      // The stopped instance is started again under the new name rather than a new one run.
      three = fleet.launch("app-tier-instance-3");
      assertEquals(two.id(), three.id());
      settle();
      assertEquals(Map.of("app-tier-instance-1 " + one.id(), "running", "app-tier-instance-3 " + two.id(), "running"),
          listed());

      one.kill();
      settle();
      fleet.refresh();
      assertEquals("instance " + one.id() + " no longer exists",
          one.terminated().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertFalse(three.terminated().toCompletableFuture().isDone());
      assertEquals("terminated", listed().get("app-tier-instance-1 " + one.id()));
    }
    // The controller restarts: the new fleet adopts what runs, and nothing else.
    try (Ec2Fleet restarted = fleet()) {
      List<WorkerInstance> adopted = restarted.reconcile();
      assertEquals(List.of("app-tier-instance-3 " + three.id()),
          adopted.stream().map(w -> w.name() + " " + w.id()).toList());
    }
  }
}
