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

  @Option(names = "--bind", description = "Interface to listen on (default: iras.web.bind-address, else every"
      + " interface, as the web instance of a deployment serves the internet).")
  String bind;

  @Option(names = "--tls", description = "HTTPS with HTTP redirected: self-signed (a certificate made now, for trials),"
      + " or a PKCS12 or PEM certificate file (default: iras.web.tls.certificate, else plain HTTP).")
  String tls;

  @Override
  public Integer call() throws Exception {
    Settings settings = Settings.load().withGiven("web.port", port)
        .withGiven("web.bind-address", bind)
        .withGiven("web.tls.certificate", tls);
    if (settings.webBindAddress().isBlank() || settings.webBindAddress().equals(WebTransport.AUTO)) {
      settings = settings.with("web.bind-address", "0.0.0.0");
    }
    EmbeddedWeb web = EmbeddedWeb.start(settings);
    System.out.println("iras web tier on " + web.address() + " (listening on "
        + settings.webBindAddress() + ")");
    Foreground.holdUntilStopped(web);
    return 0;
  }
}
