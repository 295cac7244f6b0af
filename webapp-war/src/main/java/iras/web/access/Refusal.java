package iras.web.access;

import iras.core.job.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An answer that refuses a request, with the same JSON shape as the REST endpoints' problems; a browser opening a
 * page it may not see gets the sentence as a page with the way to the sign-in.
 */
final class Refusal {
  private record Problem(int status, String error) {}

  private Refusal() {}

  static void send(HttpServletResponse resp, int status, String error) throws IOException {
    headers(resp, status);
    resp.setContentType("application/json;charset=UTF-8");
    resp.getWriter().write(Json.write(new Problem(status, error)));
  }

  /** As {@link #send(HttpServletResponse, int, String)}, or as a page when a browser opened the address. */
  static void send(HttpServletRequest req, HttpServletResponse resp, int status, String error) throws IOException {
    String accept = req.getHeader("Accept");
    if (!req.getMethod().equals("GET") || accept == null || !accept.contains("text/html")) {
      send(resp, status, error);
      return;
    }
    headers(resp, status);
    resp.setContentType("text/html;charset=UTF-8");
    resp.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>iras</title>"
        + "</head><body><p>" + escape(error) + "</p><p><a href=\"/\">Sign in on the upload page</a>, then come"
        + " back.</p></body></html>");
  }

  private static void headers(HttpServletResponse resp, int status) {
    resp.setStatus(status);
    resp.setHeader("Cache-Control", "no-store");
    if (status == 401) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"iras\"");
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
