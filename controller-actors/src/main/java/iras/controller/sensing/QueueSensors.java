package iras.controller.sensing;

import org.apache.pekko.actor.typed.ActorRef;
import iras.core.cloud.MessageQueue;
import java.time.Duration;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The controller's senses over SQS: the request queue's depth every {@code interval} (and at once when a request
 * arrives while it was empty, where {@code arrivals} can tell), and the workers' heartbeats.
 *
 * @param staleAfter heartbeats older than this when read are ignored
 */
public record QueueSensors(MessageQueue requests, MessageQueue heartbeats, Duration interval, Duration staleAfter,
    RequestArrivals arrivals) implements Sensors {

  @Override
  public void start(ActorContext<?> ctx, ActorRef<Depth> depths, ActorRef<Beat> beats) {
    ctx.spawn(QueueGauge.create(requests, interval, arrivals, depths), "queue-gauge", DispatcherSelector.blocking());
    ctx.spawn(HeartbeatListener.create(heartbeats, staleAfter, beats), "heartbeat-listener",
        DispatcherSelector.blocking());
  }
}
