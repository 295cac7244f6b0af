package iras.controller.sensing;

import iras.controller.FleetController;
import iras.core.cloud.MessageQueue;
import java.time.Duration;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The controller's senses over SQS: the request queue's depth every {@code interval}, and the workers' heartbeats.
 *
 * @param staleAfter heartbeats older than this when read are ignored
 */
public record QueueSensors(MessageQueue requests, MessageQueue heartbeats, Duration interval, Duration staleAfter)
    implements FleetController.Sensors {

  @Override
  public void start(ActorContext<FleetController.Command> ctx) {
    ctx.spawn(QueueGauge.create(requests, interval, ctx.getSelf()), "queue-gauge", DispatcherSelector.blocking());
    ctx.spawn(HeartbeatListener.create(heartbeats, staleAfter, ctx.getSelf()), "heartbeat-listener",
        DispatcherSelector.blocking());
  }
}
