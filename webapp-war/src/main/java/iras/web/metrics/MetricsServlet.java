package iras.web.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics} in the Prometheus text exposition format. */
public final class MetricsServlet extends HttpServlet {
  private final Metrics metrics;

  public MetricsServlet(Metrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
    resp.getWriter().write(metrics.scrape());
  }
}
