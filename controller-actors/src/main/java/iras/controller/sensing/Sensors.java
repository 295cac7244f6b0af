package iras.controller.sensing;

import iras.core.fleet.Heartbeat;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/** What feeds the controller: the request queue's depth and the workers' heartbeats, started as its children. */
public interface Sensors {
  /** The request queue's depth as SQS approximates it: waiting messages and messages some worker holds. */
  record Depth(int visible, int inFlight, Instant at) {}

  /** A heartbeat from the heartbeat queue, and when it arrived. */
  record Beat(Heartbeat heartbeat, Instant receivedAt) {}

  void start(ActorContext<?> ctx, ActorRef<Depth> depths, ActorRef<Beat> beats);

  static Sensors none() {
    return (ctx, depths, beats) -> {};
  }
}
