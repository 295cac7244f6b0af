package iras.core.fleet;

import java.time.Instant;
import java.util.List;

/**
 * What a worker node tells the controller, every second and whenever its state changes, on the heartbeat queue.
 * The controller scales in only instances whose latest heartbeat says idle with nothing held, and treats an
 * instance whose heartbeats stop as dead.
 *
 * @param instance the instance name the fleet gave it ({@code app-tier-instance-3})
 * @param held requests taken from the queue and not yet published or handed back
 * @param jobsDone results published since the node started
 * @param passes the forward passes the node ran since its previous heartbeat; workers come and go, so the
 *     controller, which outlives them, exports these figures to Prometheus. Absent from older workers' heartbeats.
 */
public record Heartbeat(String instance, State state, int held, long jobsDone, Instant at, List<Pass> passes) {
  public enum State {
    /** Loading its model; takes no work yet. */
    STARTING,
    /** Polling with nothing held. */
    IDLE,
    /** Holding at least one request. */
    BUSY,
    /** Finishing what it holds before it exits; takes nothing new. */
    DRAINING
  }

  /**
   * One forward pass of the model: how many images it classified, how long it took, and the CPU time of the thread
   * that ran it (decoding and preprocessing included), which other work on a busy machine does not inflate as it
   * does the duration. Older workers send no CPU time: 0.
   */
  public record Pass(int images, double seconds, double cpuSeconds) {}

  public Heartbeat {
    passes = passes == null ? List.of() : List.copyOf(passes);
  }

  public Heartbeat(String instance, State state, int held, long jobsDone, Instant at) {
    this(instance, state, held, jobsDone, at, List.of());
  }
}
