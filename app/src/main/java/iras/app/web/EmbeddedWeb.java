package iras.app.web;

import iras.core.settings.Settings;
import iras.web.WebTier;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** The web tier on an embedded Jetty, the same servlets the WAR deploys. */
public final class EmbeddedWeb implements AutoCloseable {
  private final Server server;
  private final WebTier tier;
  private final WebTransport transport;

  private EmbeddedWeb(Server server, WebTier tier, WebTransport transport) {
    this.server = server;
    this.tier = tier;
    this.transport = transport;
  }

  /**
   * Starts on the settings' web port (0 picks a free one) and interface (loopback unless they name one), with HTTPS
   * when they name a certificate.
   */
  public static EmbeddedWeb start(Settings settings) throws Exception {
    WebTransport transport = WebTransport.open(settings, Clock.systemUTC());
    Server server = transport.server();
    ServletContextHandler context = new ServletContextHandler("/");
    context.setErrorHandler(WebTransport.quiet(new ErrorHandler()));
    context.setAttribute(WebTier.SETTINGS, settings);
    WebTier tier = new WebTier();
    context.addEventListener(tier);
    // Stopping lets requests under way finish their answers before connections close.
    server.setHandler(transport.guard(new GracefulHandler(context)));
    server.setStopTimeout(5_000);
    server.start();
    return new EmbeddedWeb(server, tier, transport);
  }

  /** The plain HTTP port; it only redirects when HTTPS is on. */
  public int port() {
    return transport.httpPort();
  }

  public Optional<Integer> httpsPort() {
    return transport.httpsPort();
  }

  /** Where a person on this machine opens the service. */
  public URI address() {
    return transport.address();
  }

  /** Clients still waiting for a label get a 503 naming their job, then the server stops. */
  @Override
  public void close() throws Exception {
    tier.stopWaiting();
    server.stop();
  }
}
