package iras.web.metrics;

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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every request by handler, method and status and times it to its last byte, asynchronous waits included;
 * also sets the headers every answer carries.
 */
public final class RequestMetrics implements Filter {
  private static final double[] SECONDS =
      {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private final Metrics.Counter requests;
  private final Metrics.Histogram duration;
  private final AtomicInteger inFlight = new AtomicInteger();

  private final Set<String> handlers;

  /** @param handlers the servlet names to count by; requests no servlet of these took count as "unmapped" */
  public RequestMetrics(Metrics metrics, Set<String> handlers) {
    this.handlers = Set.copyOf(handlers);
    requests = metrics.counter("iras_http_requests_total", "HTTP requests answered.", "handler", "method", "code");
    duration = metrics.histogram("iras_http_request_duration_seconds",
        "Time from request to complete answer, waits for results included.", SECONDS, "handler", "method");
    metrics.gauge("iras_http_requests_in_flight", "Requests received and not yet answered.", inFlight::get);
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    resp.setHeader("X-Content-Type-Options", "nosniff");
    long start = System.nanoTime();
    inFlight.incrementAndGet();
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
    inFlight.decrementAndGet();
    String servlet = req.getHttpServletMapping() == null ? "" : req.getHttpServletMapping().getServletName();
    String handler = handlers.contains(servlet) ? servlet : "unmapped";
    // Clients choose the method; only the standard ones become label values.
    String method = METHODS.contains(req.getMethod()) ? req.getMethod() : "other";
    requests.inc(handler, method, Integer.toString(resp.getStatus()));
    duration.observe((System.nanoTime() - start) / 1e9, handler, method);
  }
}
