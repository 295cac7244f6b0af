package iras.controller.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocalProcessFleetTest {
  private static final long GIB = 1L << 30;

  @Test
  void theMachinesCapIsBoundByItsCoresAndNeverZeroNorAboveTwenty() {
    int cores = Runtime.getRuntime().availableProcessors();
    int cap = LocalProcessFleet.machineCapacity(GIB, 1);
    assertTrue(cap >= 1 && cap <= Math.min(Fleet.MOST, cores), "cap " + cap + " on " + cores + " cores");
    assertEquals(1, LocalProcessFleet.machineCapacity(GIB, cores), "workers that each use every core: one");
    assertEquals(1, LocalProcessFleet.machineCapacity(1024 * GIB, 1), "workers too big for memory: still one");
  }
}
