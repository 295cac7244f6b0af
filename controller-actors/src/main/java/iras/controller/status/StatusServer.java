package iras.controller.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import iras.core.job.Json;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The controller's read-only HTTP face: {@code GET /status} (JSON {@link FleetStatus}), {@code GET /timeline.csv} and
 * {@code GET /metrics} (Prometheus text).
 * Any origin may read them, so a page served elsewhere (the web tier's fleet page) can poll the status.
 */
public final class StatusServer implements AutoCloseable {
  private static final long ANSWER_WITHIN_S = 5;

  private final HttpServer server;

  private StatusServer(HttpServer server) {
    this.server = server;
  }

  /** Serves on {@code host:port} (0 picks a free port). */
  public static StatusServer start(String host, int port, Supplier<CompletionStage<FleetStatus>> status,
      Path timeline, PrometheusRegistry metrics) throws IOException {
    PrometheusTextFormatWriter prometheusText = PrometheusTextFormatWriter.create();
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "status-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          send(exchange, 405, "text/plain", "read-only: GET /status, GET /timeline.csv or GET /metrics\n");
          return;
        }
        switch (exchange.getRequestURI().getPath()) {
          case "/status" -> send(exchange, 200, "application/json",
              Json.write(status.get().toCompletableFuture().get(ANSWER_WITHIN_S, TimeUnit.SECONDS)));
          case "/timeline.csv" -> send(exchange, 200, "text/csv", Files.readString(timeline));
          case "/metrics" -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            prometheusText.write(text, metrics.scrape());
            send(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, text.toByteArray());
          }
          default -> send(exchange, 404, "text/plain",
              "not found; try GET /status, GET /timeline.csv or GET /metrics\n");
        }
      } catch (Exception e) {
        sendQuietly(exchange, 503, "the controller did not answer: " + e + "\n");
      }
    });
    server.start();
    return new StatusServer(server);
  }

  /** The server's root, {@code http://host:port/}. */
  public String url() {
    String host = server.getAddress().getHostString();
    return "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.getAddress().getPort() + "/";
  }

  private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
    send(exchange, code, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int code, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static void sendQuietly(HttpExchange exchange, int code, String body) {
    try {
      send(exchange, code, "text/plain", body);
    } catch (IOException | RuntimeException ignored) {
      // The headers were sent already, or the client is gone: nothing more to tell it.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
