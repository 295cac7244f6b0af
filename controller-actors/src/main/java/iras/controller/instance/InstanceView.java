package iras.controller.instance;

import java.time.Instant;

/**
 * One instance as the controller last knew it.
 *
 * @param id the fleet's own handle: a process id, an EC2 instance id
 * @param since when it entered {@code state}
 * @param held requests it held at its latest heartbeat
 * @param jobsDone results it had published at its latest heartbeat
 * @param lastHeartbeat when its latest heartbeat arrived; null before the first
 * @param reason why it went, once it is gone
 */
public record InstanceView(
    String name, String id, InstanceState state, Instant since, int held, long jobsDone, Instant lastHeartbeat,
    String reason) {

  /** An instance the controller has not heard from yet: just launched, or adopted. */
  public static InstanceView unheard(String name, String id, InstanceState state, Instant at) {
    return new InstanceView(name, id, state, at, 0, 0, null, null);
  }

  public InstanceView in(InstanceState next, Instant at) {
    return next == state ? this : new InstanceView(name, id, next, at, held, jobsDone, lastHeartbeat, reason);
  }

  public InstanceView beat(int held, long jobsDone, Instant at) {
    return new InstanceView(name, id, state, since, held, jobsDone, at, reason);
  }

  public InstanceView gone(InstanceState end, Instant at, String why) {
    return new InstanceView(name, id, end, at, held, jobsDone, lastHeartbeat, why);
  }
}
