package iras.app.web;

import iras.app.foreground.Foreground;
import iras.core.settings.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "web", description = "Run the web tier alone, against the S3 and SQS the settings name.")
public final class WebCommand implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (default: iras.web.port, 8000).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load().withGiven("web.port", port);
    EmbeddedWeb web = EmbeddedWeb.start(settings);
    System.out.println("iras web tier on http://localhost:" + web.port() + "/");
    Foreground.holdUntilStopped(web);
    return 0;
  }
}
