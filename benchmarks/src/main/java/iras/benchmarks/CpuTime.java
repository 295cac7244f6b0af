package iras.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time spent per image, beside JMH's wall-clock time. On a machine shared with other
 * work, wall-clock time per operation grows with the load; the CPU time an image costs barely does, so it is the
 * steadier measure of what the code costs. JMH reports both fields per iteration; cpu-ms per image is their ratio.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * CPU milliseconds of the benchmark thread in benchmark calls. With one inference thread all the work runs on
   * it (the direct kernels in Java, BLAS and libnd4j ops with a single OpenMP thread); with more, their other
   * threads are not counted, so only the one-thread figures are whole.
   */
  public double cpuMs;
  /** Images classified in those calls. */
  public long images;

  private long started;

  @Setup(Level.Iteration)
  public void reset() {
    cpuMs = 0;
    images = 0;
  }

  void start() {
    started = THREADS.getCurrentThreadCpuTime();
  }

  void stop(int imagesDone) {
    cpuMs += (THREADS.getCurrentThreadCpuTime() - started) / 1e6;
    images += imagesDone;
  }
}
