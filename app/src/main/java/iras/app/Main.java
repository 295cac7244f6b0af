package iras.app;

import iras.app.aws.AwsCommand;
import iras.app.classify.ClassifyCommand;
import iras.app.cloud.CloudCommand;
import iras.app.controller.ControllerCommand;
import iras.app.faces.FacesCommand;
import iras.app.keys.KeysCommand;
import iras.app.load.LoadCommand;
import iras.app.local.LocalCommand;
import iras.app.web.WebCommand;
import iras.app.worker.WorkerCommand;
import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "iras",
    mixinStandardHelpOptions = true,
    version = "iras 0.1",
    description = "Elastic image recognition as a service.",
    subcommands = {
      LocalCommand.class, CloudCommand.class, WebCommand.class, ControllerCommand.class, WorkerCommand.class,
      ClassifyCommand.class, LoadCommand.class, FacesCommand.class, KeysCommand.class, AwsCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // JavaCPP's loader logs through the application's logging (it writes to stderr otherwise); logback.xml drops its
    // notice that the natives' JavaCPP builds differ, which they may: each preset loads with the newest JavaCPP.
    System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(Main::report);
  }

  /**
   * Problems a person can fix (a missing model, an unreadable file, a busy port) come as I/O errors with a message
   * that says what to do: one line, no stack trace. Anything else is a bug and keeps its trace.
   */
  private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IOException) {
      cmd.getErr().println("iras: " + e.getMessage());
      return 2;
    }
    throw e;
  }
}
