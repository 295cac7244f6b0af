package iras.web.health;

import iras.core.cloud.Cloud;
import iras.core.cloud.MessageQueue.QueueDepth;
import iras.web.results.ResultBroker;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /healthz}: 200 when the request queue answers, 503 when it does not. */
public final class HealthServlet extends HttpServlet {
  private final Cloud cloud;
  private final ResultBroker results;

  public HealthServlet(Cloud cloud, ResultBroker results) {
    this.cloud = cloud;
    this.results = results;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("application/json");
    try {
      QueueDepth depth = cloud.requests().depth();
      resp.getWriter().printf("{\"status\":\"ok\",\"queued\":%d,\"inFlight\":%d,\"waiting\":%d}%n",
          depth.visible(), depth.inFlight(), results.waiting());
    } catch (RuntimeException e) {
      resp.setStatus(503);
      resp.getWriter().printf("{\"status\":\"queue unavailable\"}%n");
    }
  }
}
