package iras.app.web;

import com.typesafe.config.Config;
import iras.core.settings.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * How the web tier meets the network, from the settings {@code iras.web.*}: the interface it listens on, HTTPS with
 * HTTP redirected to it, and Jetty's own limits on slow and greedy clients. No answer names the server or its
 * version, TRACE is refused, and error pages carry no stack trace.
 */
final class WebTransport {
  /** The interface used when neither the settings nor the command name one: this machine only. */
  static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();
  /** The bind address that leaves the choice to the starting command. */
  static final String AUTO = "auto";
  /** Client addresses whose request rates are followed at once; past it the server refuses new addresses. */
  private static final int TRACKED_CLIENTS = 10_000;

  private final Server server;
  private final ServerConnector http;
  private final Optional<ServerConnector> https;
  private final int requestsPerSecondPerClient;
  private final long minRequestDataRate;

  private WebTransport(Server server, ServerConnector http, Optional<ServerConnector> https,
      int requestsPerSecondPerClient, long minRequestDataRate) {
    this.server = server;
    this.http = http;
    this.https = https;
    this.requestsPerSecondPerClient = requestsPerSecondPerClient;
    this.minRequestDataRate = minRequestDataRate;
  }

  /** A server whose connectors are open (so their ports are known), not yet started. */
  static WebTransport open(Settings settings, Clock clock) throws IOException {
    Config web = settings.web();
    QueuedThreadPool threads = new QueuedThreadPool(web.getInt("max-threads"));
    threads.setName("web");
    Server server = new Server(threads);
    String bind = settings.webBindAddress().trim();
    String host = bind.isEmpty() || bind.equals(AUTO) ? LOOPBACK : bind;
    long idleMillis = web.getDuration("idle-timeout", TimeUnit.MILLISECONDS);

    HttpConfiguration plain = new HttpConfiguration();
    plain.setSendServerVersion(false);
    plain.setSendXPoweredBy(false);
    ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(plain));
    http.setHost(host);
    http.setPort(settings.webPort());
    http.setIdleTimeout(idleMillis);
    server.addConnector(http);

    Optional<ServerConnector> https = Optional.empty();
    String certificate = web.getString("tls.certificate").trim();
    if (!certificate.isEmpty()) {
      TlsKeys keys = TlsKeys.load(certificate, web.getString("tls.private-key").trim(),
          web.getString("tls.password"), clock);
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStore(keys.store());
      tls.setKeyStorePassword(keys.password());
      // A self-signed trial is reached as localhost or 127.0.0.1 alike; a real certificate's names are the client's
      // to check.
      tls.setSniRequired(false);
      HttpConfiguration secure = new HttpConfiguration(plain);
      SecureRequestCustomizer customizer =
          new SecureRequestCustomizer(false, web.getDuration("tls.hsts-max-age", TimeUnit.SECONDS), false);
      customizer.setSniHostCheck(false);
      secure.addCustomizer(customizer);
      ServerConnector connector = new ServerConnector(server,
          new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(secure));
      connector.setHost(host);
      connector.setPort(web.getInt("tls.port"));
      connector.setIdleTimeout(idleMillis);
      server.addConnector(connector);
      connector.open();
      plain.setSecureScheme("https");
      plain.setSecurePort(connector.getLocalPort());
      https = Optional.of(connector);
    }
    http.open();

    server.addBean(new NetworkConnectionLimit(web.getInt("max-connections"), server));
    server.setErrorHandler(quiet(new ErrorHandler()));
    return new WebTransport(server, http, https, web.getInt("max-requests-per-second-per-client"),
        web.getLong("min-request-data-rate"));
  }

  Server server() {
    return server;
  }

  /**
   * The handlers every request passes before the application: HTTP to HTTPS when TLS is on, TRACE refused, a bound
   * on the rate of requests from one client address, and a least rate for a request's body.
   */
  Handler guard(Handler application) {
    // A sender slower than this gets 408 and its thread back.
    Handler paced = new MinimumReadRate(application, minRequestDataRate);
    // A client address past this rate gets 429 at once, before any servlet or thread of the application is used.
    DoSHandler perClient = new DoSHandler(paced, DoSHandler.ID_FROM_REMOTE_ADDRESS,
        new DoSHandler.LeakingBucketTrackerFactory(requestsPerSecondPerClient),
        new DoSHandler.StatusRejectHandler(HttpStatus.TOO_MANY_REQUESTS_429), TRACKED_CLIENTS);
    Handler guarded = new RefusedMethods(perClient);
    return https.isPresent() ? new SecuredRedirectHandler(guarded, HttpStatus.PERMANENT_REDIRECT_308) : guarded;
  }

  /** Error pages that say what went wrong and nothing of the server: no stack, no cause, no version. */
  static <E extends ErrorHandler> E quiet(E errors) {
    errors.setShowStacks(false);
    errors.setShowCauses(false);
    errors.setShowOrigin(false);
    return errors;
  }

  int httpPort() {
    return http.getLocalPort();
  }

  Optional<Integer> httpsPort() {
    return https.map(ServerConnector::getLocalPort);
  }

  /** Where a person on this machine reaches the service: the HTTPS address when TLS is on. */
  URI address() {
    return https.map(c -> URI.create("https://localhost:" + c.getLocalPort() + "/"))
        .orElse(URI.create("http://localhost:" + http.getLocalPort() + "/"));
  }
}
