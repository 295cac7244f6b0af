package iras.web.api;

import iras.core.job.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** How the REST endpoints answer: JSON bodies, and problems as a status with a sentence a person can act on. */
final class Replies {
  record Problem(int status, String error) {}

  private Replies() {}

  static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setContentType("application/json;charset=UTF-8");
    resp.getWriter().write(Json.write(body));
  }
}
