package iras.controller.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iras.controller.instance.InstanceState;
import iras.controller.instance.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ScalingPolicyTest {
  /** 10 jobs per instance, 0 to 20 instances, a lower target must hold for two samples (1 s at 1 s). */
  private static ScalingPolicy policy() {
    return new ScalingPolicy(10, 0, 20, ScalingPolicy.samplesSpanning(Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  private static List<Integer> desiredFor(ScalingPolicy policy, int... backlogs) {
    return IntStream.of(backlogs).map(policy::desired).boxed().toList();
  }

  @Test
  void targetIsTheCeilingOfBacklogPerInstanceClampedToMinAndMax() {
    ScalingPolicy p = new ScalingPolicy(10, 1, 5, 1);
    assertEquals(List.of(1, 1, 1, 2, 5, 5), IntStream.of(0, 1, 10, 11, 50, 1000).map(p::target).boxed().toList());
  }

  @Test
  void aBurstScalesOutOnTheFirstSample() {
    assertEquals(List.of(0, 10, 10), desiredFor(policy(), 0, 100, 100));
  }

  @Test
  void aGrowingBurstRaisesTheTargetSampleBySample() {
    assertEquals(List.of(2, 6, 10), desiredFor(policy(), 15, 60, 100));
  }

  @Test
  void theCapHoldsForAnyBacklog() {
    ScalingPolicy p = new ScalingPolicy(10, 0, 3, 2);
    assertEquals(List.of(3, 3, 3), desiredFor(p, 100, 1000, Integer.MAX_VALUE));
  }

  @Test
  void aDrainedQueueReachesZeroOnTheSecondEmptySample() {
    // Samples a second apart: the queue drains between the 2nd and 3rd; 0 is desired at the 4th, within 2 s.
    assertEquals(List.of(10, 10, 3, 0), desiredFor(policy(), 100, 25, 0, 0));
  }

  @Test
  void aTrickleKeepsOneInstanceNotMore() {
    // One job now and then, each done within a second: never more than one instance, and it stays between jobs
    // that arrive every second.
    assertEquals(List.of(1, 1, 1, 1, 1, 1), desiredFor(policy(), 1, 0, 1, 0, 2, 1));
  }

  @Test
  void aTrickleWithGapsLetsTheFleetGoBetweenJobs() {
    assertEquals(List.of(1, 1, 0, 0, 1), desiredFor(policy(), 1, 0, 0, 0, 1));
  }

  @Test
  void oneLowReadingAmongHighOnesNeverScalesIn() {
    // SQS counts are approximate: a lone 0 (or a lone dip) between real readings must not stop instances.
    assertEquals(List.of(5, 5, 5, 5, 5, 5), desiredFor(policy(), 50, 0, 50, 12, 50, 50));
  }

  @Test
  void countsFlappingAcrossABoundaryHoldTheHigherSize() {
    assertEquals(List.of(2, 2, 2, 2, 2), desiredFor(policy(), 11, 10, 11, 10, 11));
  }

  @Test
  void aLongerStabilizationWaitsLonger() {
    ScalingPolicy p = new ScalingPolicy(10, 0, 20, ScalingPolicy.samplesSpanning(Duration.ofSeconds(3),
        Duration.ofSeconds(1)));
    assertEquals(List.of(4, 4, 4, 4, 0), desiredFor(p, 40, 0, 0, 0, 0));
  }

  @Test
  void minKeepsInstancesAtRest() {
    ScalingPolicy p = new ScalingPolicy(10, 2, 20, 2);
    assertEquals(List.of(2, 3, 3, 2), desiredFor(p, 0, 30, 0, 0));
  }

  @Test
  void nonsenseLimitsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(0, 0, 20, 2));
    assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(10, 5, 4, 2));
    assertThrows(IllegalArgumentException.class, () -> new ScalingPolicy(10, -1, 4, 2));
  }

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private static InstanceView view(String name, InstanceState state, int held) {
    return new InstanceView(name, "id-" + name, state, T, held, 0, T, null);
  }

  @Test
  void scaleInNeverPicksABusyInstanceOrOneHoldingAMessage() {
    List<InstanceView> fleet = List.of(
        view("app-tier-instance-1", InstanceState.BUSY, 8),
        view("app-tier-instance-2", InstanceState.IDLE, 1),
        view("app-tier-instance-3", InstanceState.DRAINING, 0),
        view("app-tier-instance-4", InstanceState.STOPPING, 0));
    assertEquals(List.of(), ScalingPolicy.toStop(4, fleet));
  }

  @Test
  void scaleInTakesNotYetServingInstancesFirstThenIdleOnesNewestFirst() {
    List<InstanceView> fleet = List.of(
        view("app-tier-instance-1", InstanceState.IDLE, 0),
        view("app-tier-instance-2", InstanceState.BUSY, 3),
        view("app-tier-instance-9", InstanceState.IDLE, 0),
        view("app-tier-instance-10", InstanceState.IDLE, 0),
        view("app-tier-instance-11", InstanceState.STARTING, 0),
        view("app-tier-instance-12", InstanceState.LAUNCHING, 0));
    assertEquals(List.of("app-tier-instance-12", "app-tier-instance-11", "app-tier-instance-10"),
        ScalingPolicy.toStop(3, fleet));
    assertEquals(List.of("app-tier-instance-12", "app-tier-instance-11", "app-tier-instance-10",
        "app-tier-instance-9", "app-tier-instance-1"), ScalingPolicy.toStop(10, fleet));
    assertEquals(List.of(), ScalingPolicy.toStop(0, fleet));
  }
}
