package iras.controller.instance;

import iras.controller.fleet.Fleet;
import iras.controller.fleet.WorkerInstance;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Owns the life of one worker instance: launches it, reports when it is gone, stops it on request. */
public final class InstanceActor {
  public sealed interface Command {}

  /** Stop the instance gracefully. */
  public enum Stop implements Command { INSTANCE }

  private record Terminated(String reason) implements Command {}

  /** Sent to the owner once the instance is gone, whether stopped, crashed or never started. */
  public record Gone(String name, String reason) {}

  private InstanceActor() {}

  public static Behavior<Command> create(Fleet fleet, String name, ActorRef<Gone> owner) {
    return Behaviors.setup(
        ctx -> {
          WorkerInstance instance;
          try {
            instance = fleet.launch(name);
          } catch (Exception e) {
            owner.tell(new Gone(name, "launch failed: " + e));
            return Behaviors.stopped();
          }
          ctx.getLog().info("{} launched", name);
          ctx.pipeToSelf(instance.terminated(), (reason, error) -> new Terminated(
              error == null ? reason : error.toString()));
          return running(ctx, instance, owner);
        });
  }

  private static Behavior<Command> running(
      ActorContext<Command> ctx, WorkerInstance instance, ActorRef<Gone> owner) {
    return Behaviors.receive(Command.class)
        .onMessageEquals(Stop.INSTANCE, () -> {
          instance.stop();
          return Behaviors.same();
        })
        .onMessage(Terminated.class, t -> {
          ctx.getLog().info("{} gone: {}", instance.name(), t.reason());
          owner.tell(new Gone(instance.name(), t.reason()));
          return Behaviors.stopped();
        })
        .build();
  }
}
