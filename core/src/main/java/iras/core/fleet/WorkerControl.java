package iras.core.fleet;

/**
 * The line protocol between a local fleet and the worker processes it starts. The fleet writes commands to the
 * worker's standard input; the worker answers on its standard output, between its log lines. This lets a stopped
 * local worker stay resident with its model loaded, as a stopped EC2 instance keeps its disk, so starting it again
 * takes milliseconds instead of a JVM start and a model load.
 */
public final class WorkerControl {
  /** Environment variable that starts a worker in the pool: model loaded and warmed up, serving no one yet. */
  public static final String START = "IRAS_WORKER_START";

  public static final String START_POOLED = "pooled";

  /** Command: serve under the instance name that follows ({@code wake app-tier-instance-3}). */
  public static final String WAKE = "wake";

  /** Command: finish what is held, stop taking requests, stay resident for the next wake. */
  public static final String HIBERNATE = "hibernate";

  /** Answer: nothing is held any more and the node is stopped; the process waits for a wake. */
  public static final String HIBERNATED = "iras-worker: hibernated";

  private WorkerControl() {}
}
