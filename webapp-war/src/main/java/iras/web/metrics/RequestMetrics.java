package iras.web.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Counts every request by handler, method and status and times it to its last byte, asynchronous waits included;
 * also sets the headers every answer carries.
 */
public final class RequestMetrics implements Filter {
  private static final double[] SECONDS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private final Counter requests;
  private final Histogram duration;
  private final Gauge inFlight;

  private final Set<String> handlers;

  /** @param handlers the servlet names to count by; requests no servlet of these took count as "unmapped" */
  public RequestMetrics(PrometheusRegistry metrics, Set<String> handlers) {
    this.handlers = Set.copyOf(handlers);
    requests = Counter.builder().name("iras_http_requests_total").help("HTTP requests answered.")
        .labelNames("handler", "method", "code").register(metrics);
    duration = Histogram.builder().name("iras_http_request_duration_seconds")
        .help("Time from request to complete answer, waits for results included.").classicOnly()
        .classicUpperBounds(SECONDS).labelNames("handler", "method").register(metrics);
    inFlight = Gauge.builder().name("iras_http_requests_in_flight").help("Requests received and not yet answered.")
        .register(metrics);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    resp.setHeader("X-Content-Type-Options", "nosniff");
    long start = System.nanoTime();
    inFlight.inc();
    try {
      chain.doFilter(request, response);
    } finally {
      if (req.isAsyncStarted()) {
        req.getAsyncContext().addListener(new AsyncListener() {
          @Override
          public void onComplete(AsyncEvent event) {
            record(req, resp, start);
          }

          @Override
          public void onTimeout(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
      } else {
        record(req, resp, start);
      }
    }
  }

  private void record(HttpServletRequest req, HttpServletResponse resp, long start) {
    inFlight.dec();
    String servlet = req.getHttpServletMapping() == null ? "" : req.getHttpServletMapping().getServletName();
    String handler = handlers.contains(servlet) ? servlet : "unmapped";
    // Clients choose the method; only the standard ones become label values.
    String method = METHODS.contains(req.getMethod()) ? req.getMethod() : "other";
    requests.labelValues(handler, method, Integer.toString(resp.getStatus())).inc();
    duration.labelValues(handler, method).observe((System.nanoTime() - start) / 1e9);
  }
}
