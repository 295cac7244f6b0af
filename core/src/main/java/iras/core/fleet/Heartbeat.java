package iras.core.fleet;

import java.time.Instant;

/**
 * What a worker node tells the controller, every second and whenever its state changes, on the heartbeat queue.
 * The controller scales in only instances whose latest heartbeat says idle with nothing held, and treats an
 * instance whose heartbeats stop as dead.
 *
 * @param instance the instance name the fleet gave it ({@code app-tier-instance-3})
 * @param held requests taken from the queue and not yet published or handed back
 * @param jobsDone results published since the node started
 */
public record Heartbeat(String instance, State state, int held, long jobsDone, Instant at) {
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
}
