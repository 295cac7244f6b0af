package iras.web.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /metrics} in the Prometheus text exposition format. */
public final class MetricsServlet extends HttpServlet {
  private final PrometheusRegistry metrics;
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();

  public MetricsServlet(PrometheusRegistry metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType(PrometheusTextFormatWriter.CONTENT_TYPE);
    text.write(resp.getOutputStream(), metrics.scrape());
  }
}
