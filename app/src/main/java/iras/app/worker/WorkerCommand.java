package iras.app.worker;

import iras.core.settings.Settings;
import iras.worker.node.NodeProcess;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** An app-tier worker node, as a command; its life is {@link NodeProcess}'s. */
@Command(name = "worker", description = "Run an app-tier worker node: drain the request queue through the model.")
public final class WorkerCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return NodeProcess.run(Settings.load());
  }
}
