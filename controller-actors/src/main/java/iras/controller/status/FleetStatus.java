package iras.controller.status;

import iras.controller.instance.InstanceView;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /status} answers: the fleet now, and the instances that went lately.
 *
 * @param fleet what runs the instances ("local processes", "ec2 us-east-1")
 * @param queue the request queue at the latest sample
 * @param desired what the policy wants now
 * @param actual instances launched and not on their way out
 * @param jobsDone results published by every instance this controller has run, gone ones included
 * @param events the latest instance events (launch, adopt, ready, stop, stopped, failed), newest first
 * @param timeline the scaling timeline file (CSV), also served at {@code GET /timeline.csv}
 */
public record FleetStatus(
    String fleet,
    Instant at,
    Queue queue,
    int desired,
    int actual,
    int min,
    int max,
    long jobsDone,
    List<InstanceView> instances,
    List<InstanceView> recentlyGone,
    List<Event> events,
    String timeline) {

  /** The request queue as SQS approximates it; {@code at} is null before the first sample. */
  public record Queue(int visible, int inFlight, int backlog, Instant at) {}

  /** One instance event, as the timeline records it. */
  public record Event(Instant at, String event, String instance) {}
}
