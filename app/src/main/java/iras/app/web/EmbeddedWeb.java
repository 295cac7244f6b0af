package iras.app.web;

import iras.core.settings.Settings;
import iras.web.WebTier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** The web tier on an embedded Jetty, the same servlets the WAR deploys. */
public final class EmbeddedWeb implements AutoCloseable {
  private final Server server;
  private final WebTier tier;
  private final int port;

  private EmbeddedWeb(Server server, WebTier tier, int port) {
    this.server = server;
    this.tier = tier;
    this.port = port;
  }

  /** Starts on the settings' web port (0 picks a free one). */
  public static EmbeddedWeb start(Settings settings) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(settings.webPort());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.setAttribute(WebTier.SETTINGS, settings);
    WebTier tier = new WebTier();
    context.addEventListener(tier);
    // Stopping lets requests under way finish their answers before connections close.
    server.setHandler(new GracefulHandler(context));
    server.setStopTimeout(5_000);
    server.start();
    return new EmbeddedWeb(server, tier, connector.getLocalPort());
  }

  public int port() {
    return port;
  }

  /** Clients still waiting for a label get a 503 naming their job, then the server stops. */
  @Override
  public void close() throws Exception {
    tier.stopWaiting();
    server.stop();
  }
}
