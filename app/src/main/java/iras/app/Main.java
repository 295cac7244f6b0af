package iras.app;

import iras.app.classify.ClassifyCommand;
import iras.app.local.LocalCommand;
import iras.app.web.WebCommand;
import iras.app.worker.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "iras",
    mixinStandardHelpOptions = true,
    version = "iras 0.1",
    description = "Elastic image recognition as a service.",
    subcommands = {LocalCommand.class, WebCommand.class, WorkerCommand.class, ClassifyCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
