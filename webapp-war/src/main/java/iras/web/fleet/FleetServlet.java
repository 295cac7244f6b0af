package iras.web.fleet;

import iras.core.job.Json;
import iras.web.page.Pages;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /fleet}, the live fleet page, and {@code GET /fleet/status}, what it polls: the controller's status,
 * fetched by this process (the controller listens on its own host's loopback by default, where a browser elsewhere
 * cannot reach it) together with this process's recent answers, which only the web tier sees. The controller's
 * status is passed on without process ids and paths ({@link PublicStatus}).
 */
public final class FleetServlet extends HttpServlet {
  /** Under the page's one-second poll, so a slow controller costs one refresh, not a pile of waiting requests. */
  private static final Duration CONTROLLER_PATIENCE = Duration.ofMillis(900);

  private final Pages pages;
  private final URI controllerStatus;
  private final RecentAnswers answers;
  private final Clock clock;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONTROLLER_PATIENCE).build();

  public FleetServlet(Pages pages, URI controllerStatus, RecentAnswers answers, Clock clock) {
    this.pages = pages;
    this.controllerStatus = controllerStatus;
    this.answers = answers;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if ("/status".equals(req.getPathInfo())) {
      status(resp);
    } else if (req.getPathInfo() == null) {
      pages.render("fleet", Map.of(), req, resp);
    } else {
      resp.sendError(404);
    }
  }

  private void status(HttpServletResponse resp) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("at", clock.instant());
    body.put("answers", answers.figures());
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(controllerStatus).timeout(CONTROLLER_PATIENCE)
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        body.put("controller", PublicStatus.of(Json.read(r.body(), Map.class)));
      } else {
        body.put("controllerError", "the controller answered " + r.statusCode());
      }
    } catch (IOException | RuntimeException e) {
      body.put("controllerError", "the controller at " + controllerStatus + " did not answer (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      body.put("controllerError", "interrupted");
    }
    resp.setContentType("application/json");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-store");
    resp.getWriter().write(Json.write(body));
  }
}
