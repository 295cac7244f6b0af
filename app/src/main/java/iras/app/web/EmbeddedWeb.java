package iras.app.web;

import iras.core.settings.Settings;
import iras.web.WebTier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The web tier on an embedded Jetty, the same servlets the WAR deploys. */
public final class EmbeddedWeb implements AutoCloseable {
  private final Server server;
  private final int port;

  private EmbeddedWeb(Server server, int port) {
    this.server = server;
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
    context.addEventListener(new WebTier());
    server.setHandler(context);
    server.setStopTimeout(5_000);
    server.start();
    return new EmbeddedWeb(server, connector.getLocalPort());
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
