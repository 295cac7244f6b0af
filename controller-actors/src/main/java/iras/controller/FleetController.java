package iras.controller;

import iras.controller.fleet.Fleet;
import iras.controller.instance.InstanceActor;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps a fixed number of worker instances running, one {@link InstanceActor} each, and replaces any that dies.
 * (Scaling from the queue's depth builds on this.)
 */
public final class FleetController {
  public sealed interface Command {}

  /** Stop every instance gracefully, then reply. */
  public record Shutdown(ActorRef<Done> replyTo) implements Command {}

  public enum Done { INSTANCE }

  private record InstanceGone(InstanceActor.Gone gone) implements Command {}

  private record Replace(String name) implements Command {}

  private static final Duration REPLACE_AFTER = Duration.ofSeconds(1);

  private final ActorContext<Command> ctx;
  private final Fleet fleet;
  private final ActorRef<InstanceActor.Gone> goneAdapter;
  private final Map<String, ActorRef<InstanceActor.Command>> instances = new HashMap<>();

  private FleetController(ActorContext<Command> ctx, Fleet fleet) {
    this.ctx = ctx;
    this.fleet = fleet;
    this.goneAdapter = ctx.messageAdapter(InstanceActor.Gone.class, InstanceGone::new);
  }

  public static String instanceName(int n) {
    return "app-tier-instance-" + n;
  }

  public static Behavior<Command> create(Fleet fleet, int size) {
    return Behaviors.setup(
        ctx -> {
          FleetController controller = new FleetController(ctx, fleet);
          for (int n = 1; n <= size; n++) {
            controller.launch(instanceName(n));
          }
          return controller.running();
        });
  }

  private void launch(String name) {
    instances.put(name, ctx.spawn(InstanceActor.create(fleet, name, goneAdapter), name));
  }

  private Behavior<Command> running() {
    return Behaviors.withTimers(
        timers ->
            Behaviors.receive(Command.class)
                .onMessage(InstanceGone.class, g -> {
                  instances.remove(g.gone().name());
                  ctx.getLog().warn("{} died ({}); replacing it", g.gone().name(), g.gone().reason());
                  timers.startSingleTimer(new Replace(g.gone().name()), REPLACE_AFTER);
                  return Behaviors.same();
                })
                .onMessage(Replace.class, r -> {
                  launch(r.name());
                  return Behaviors.same();
                })
                .onMessage(Shutdown.class, s -> {
                  timers.cancelAll();
                  instances.values().forEach(i -> i.tell(InstanceActor.Stop.INSTANCE));
                  return stopping(s.replyTo());
                })
                .build());
  }

  private Behavior<Command> stopping(ActorRef<Done> replyTo) {
    if (instances.isEmpty()) {
      replyTo.tell(Done.INSTANCE);
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(InstanceGone.class, g -> {
          instances.remove(g.gone().name());
          return stopping(replyTo);
        })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }
}
