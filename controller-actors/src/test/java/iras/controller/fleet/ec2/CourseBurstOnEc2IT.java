package iras.controller.fleet.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.controller.Autoscaler;
import iras.controller.TestTime;
import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import iras.controller.sensing.RequestArrivals;
import iras.controller.status.FleetStatus;
import iras.core.cloud.Cloud;
import iras.core.cloud.CloudClients;
import iras.core.cloud.MessageQueue;
import iras.core.cloud.ReceivedMessage;
import iras.core.fleet.Heartbeat;
import iras.core.job.Json;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A burst of 100 requests as the course's grader watches it on EC2: the controller wired as {@link Autoscaler}
 * wires it, over an {@link Ec2Fleet} whose SDK client reaches {@link Ec2QueryEndpoint}, reading the request queue
 * of the embedded cloud; the grader counts the running {@code app-tier-instance-N} instances through
 * DescribeInstances. EC2 boots nothing here, so between two of the controller's samples the test does what happens
 * on their own: a launched instance finishes booting, the worker on each running instance publishes what it held,
 * takes the next request and sends its heartbeat, and a stopped instance's worker publishes what it holds before the
 * instance stops.
 */
class CourseBurstOnEc2IT {
  private static final int BURST = 100;
  /** Samples the burst may take from the first launch back to none; it takes about ten. */
  private static final int MOST_ROUNDS = 40;
  private static final Pattern WORKER_NAME = Pattern.compile("app-tier-instance-\\d+");

  private final TestTime time = TestTime.classic("burst");
  @TempDir Path dir;
  private ActorSystem cloudSystem;
  private LocalCloud localCloud;
  private Cloud cloud;
  private Ec2QueryEndpoint ec2;
  private Ec2Client grader;
  private AppTier appTier;
  private Autoscaler autoscaler;

  private void start(boolean course, Object jobsPerInstance) throws Exception {
    ec2 = new Ec2QueryEndpoint();
    grader = Ec2Client.builder()
        .endpointOverride(ec2.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDGRADER", "secret")))
        .httpClient(CloudClients.httpClient())
        .build();
    Settings settings = Settings.load()
        .with(Map.of("deployment", "burst", "course", course, "local.data-dir", dir.toString(),
            "local.s3-port", 0, "local.sqs-port", 0))
        .with(Map.of(
            "controller.jobs-per-instance", jobsPerInstance,
            "controller.status-port", 0,
            "controller.recovery-sweep", "0s",
            "controller.ec2.endpoint", ec2.uri().toString(),
            "controller.ec2.ami", "ami-0123456789abcdef0",
            // The fleet learns that a stop has completed from its own poll, on real time.
            "controller.ec2.poll-interval", "100ms"));
    // The embedded SQS keeps real time (long polls, visibility timeouts); only the controller's time is the test's.
    cloudSystem = ActorSystem.create("cloud");
    localCloud = LocalCloud.start(settings, cloudSystem);
    Settings client = localCloud.clientSettings(settings);
    cloud = Cloud.connect(client);
    appTier = new AppTier(cloud.requests(), cloud.queue(cloud.layout().heartbeatQueue()));
    autoscaler = Autoscaler.start(client, cloud, Ec2Fleet.create(client), RequestArrivals.unseen(),
        time.classicSystem());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (autoscaler != null) {
        // Closing stops every instance and waits until they are gone, which takes EC2 and their workers acting.
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
          try {
            autoscaler.close();
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        });
        time.eventually(() -> {
          appTier.act(ec2);
          assertTrue(closed.isDone(), "the controller has not closed yet");
          return closed.join();
        });
      }
    } finally {
      time.testKit().shutdownTestKit();
      if (cloud != null) {
        cloud.close();
      }
      if (localCloud != null) {
        localCloud.close();
      }
      if (cloudSystem != null) {
        cloudSystem.terminate();
      }
      if (grader != null) {
        grader.close();
      }
      if (ec2 != null) {
        ec2.close();
      }
    }
  }

  @Test
  void inTheCourseProfileAHundredRequestsTakeTheFleetFromNoneToFifteenAndBack() throws Exception {
    // The course profile's own jobs per instance must make the burst call for the course's maximum.
    start(true, "auto");
    Burst burst = burst();
    assertEquals(15, burst.mostRunning(), "the most instances running at once, as the grader counts them");
    assertEquals(15, ec2.mostLive(), "never more than 15 pending or running at any moment");
    assertTrue(burst.roundsToNone() <= 1,
        "back to none by the second sample that finds the queue empty, not " + burst.roundsToNone() + " later");
  }

  @Test
  void withoutTheCourseProfileTheSameBurstTakesTwenty() throws Exception {
    // One request per instance: the burst calls for more instances than the cap, so the cap is what shows.
    start(false, 1);
    assertEquals(20, burst().mostRunning());
    assertEquals(20, ec2.mostLive());
  }

  /**
   * @param mostRunning the most instances the grader saw running at once
   * @param roundsToNone samples from the first that found the queue empty to the one after which none ran
   */
  private record Burst(int mostRunning, int roundsToNone) {}

  /** Idle, then the burst until it is answered and no instance runs; the grader looks after every sample. */
  private Burst burst() throws Exception {
    round();
    assertEquals(List.of(), running(), "nothing runs while the queue is empty");

    cloud.requests().send(IntStream.range(0, BURST).mapToObj(i -> "request " + i).toList());
    int most = 0;
    Integer drained = null;
    for (int r = 0; r < MOST_ROUNDS; r++) {
      FleetStatus s = round();
      List<String> running = running();
      assertTrue(running.stream().allMatch(n -> WORKER_NAME.matcher(n).matches()), running::toString);
      most = Math.max(most, running.size());
      if (drained == null && s.queue().backlog() == 0) {
        drained = r;
      }
      if (drained != null && running.isEmpty()) {
        assertEquals(BURST, appTier.published(), "every request answered once");
        appTier.act(ec2);
        time.eventually(() -> {
          assertEquals(List.of(), status().instances(), "the stopped instances are gone from the controller");
          return null;
        });
        return new Burst(most, r - drained);
      }
    }
    throw new AssertionError("not back to none within " + MOST_ROUNDS + " samples: " + running() + ", "
        + appTier.published() + " requests answered");
  }

  /**
   * One second: EC2 and the workers act and the controller hears their heartbeats; then its time moves on to the
   * next sample, and the test waits until the controller has acted on it (its launches and stops reached EC2).
   */
  private FleetStatus round() {
    Map<String, Heartbeat> beats = appTier.act(ec2);
    time.eventually(() -> {
      Map<String, InstanceView> known = status().instances().stream()
          .collect(Collectors.toMap(InstanceView::name, v -> v));
      beats.forEach((name, beat) -> {
        InstanceView v = known.get(name);
        assertNotNull(v, name + " is not the controller's");
        assertTrue(v.lastHeartbeat() != null && v.held() == beat.held() && v.jobsDone() == beat.jobsDone(),
            () -> "the controller has not heard " + beat + " yet: " + v);
      });
      return null;
    });
    Instant before = Instant.now();
    time.passes(Duration.ofSeconds(1));
    return time.eventually(() -> {
      FleetStatus s = status();
      assertTrue(s.queue().at() != null && !s.queue().at().isBefore(before), "no new sample yet");
      Map<String, String> states = ec2.instances().stream()
          .collect(Collectors.toMap(vm -> vm.id, vm -> vm.state));
      for (InstanceView v : s.instances()) {
        assertNotEquals("-", v.id(), () -> v.name() + " not launched yet");
        if (v.state() == InstanceState.STOPPING) {
          assertTrue(!states.get(v.id()).matches("pending|running"), () -> v.name() + " not stopped yet");
        }
      }
      return s;
    });
  }

  private FleetStatus status() {
    return autoscaler.status().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** The running instances' names, read as the grader reads them. */
  private List<String> running() {
    return grader.describeInstancesPaginator(b -> b.filters(
            Filter.builder().name("instance-state-name").values("running").build()))
        .reservations().stream()
        .flatMap(r -> r.instances().stream())
        .map(i -> i.tags().stream().filter(t -> t.key().equals("Name")).map(Tag::value).findFirst().orElse(""))
        .sorted()
        .toList();
  }

  /** The worker on each instance, as the queues see it: one request at a time, a heartbeat after each step. */
  private static final class AppTier {
    private final MessageQueue requests;
    private final MessageQueue heartbeats;
    /** By instance id: a restarted instance boots a new worker, which reads its name from the Name tag. */
    private final Map<String, Worker> workers = new HashMap<>();
    private int published;

    AppTier(MessageQueue requests, MessageQueue heartbeats) {
      this.requests = requests;
      this.heartbeats = heartbeats;
    }

    int published() {
      return published;
    }

    /** What happens on EC2 between two samples; returns the heartbeats sent, by instance name. */
    Map<String, Heartbeat> act(Ec2QueryEndpoint ec2) {
      Map<String, Heartbeat> beats = new HashMap<>();
      for (Ec2QueryEndpoint.Vm vm : ec2.instances()) {
        switch (vm.state) {
          case "pending" -> {
            ec2.become(vm.id, "running");
            Worker booted = new Worker(vm.tags.get("Name"));
            workers.put(vm.id, booted);
            beats.put(booted.name, booted.step());
          }
          case "running" -> {
            Worker w = workers.get(vm.id);
            beats.put(w.name, w.step());
          }
          case "stopping" -> {
            // The OS sends the worker SIGTERM: it publishes what it holds, exits, and the instance stops.
            Worker w = workers.remove(vm.id);
            if (w != null) {
              w.publish();
            }
            ec2.become(vm.id, "stopped");
          }
          default -> { }
        }
      }
      return beats;
    }

    private final class Worker {
      final String name;
      List<ReceivedMessage> held = List.of();
      long done;

      Worker(String name) {
        this.name = name;
      }

      Heartbeat step() {
        publish();
        held = requests.receive(1, Duration.ZERO);
        Heartbeat beat = new Heartbeat(name, held.isEmpty() ? Heartbeat.State.IDLE : Heartbeat.State.BUSY,
            held.size(), done, Instant.now());
        heartbeats.send(Json.write(beat));
        return beat;
      }

      void publish() {
        requests.delete(held);
        done += held.size();
        published += held.size();
        held = List.of();
      }
    }
  }
}
