package iras.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU milliseconds of this whole process (client, HTTP servers, stores: every thread) spent in benchmark calls, and
 * the operations they made. Where a call crosses threads, its wall-clock time grows with the machine's load while
 * the CPU it costs barely does: the steadier figure on a machine shared with other work. JMH reports both fields
 * per iteration; CPU per operation is their ratio.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ProcessCpu {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  public double cpuMs;
  public long operations;

  @Setup(Level.Iteration)
  public void reset() {
    cpuMs = 0;
    operations = 0;
  }

  static long now() {
    return OS.getProcessCpuTime();
  }

  void add(long startedAt) {
    cpuMs += (now() - startedAt) / 1e6;
    operations++;
  }
}
