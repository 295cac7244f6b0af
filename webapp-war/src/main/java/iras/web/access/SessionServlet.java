package iras.web.access;

import iras.core.access.AccessUnavailableException;
import iras.core.job.Json;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /session}: the page signs in with a key ({@code POST}, form field {@code key}), asks whether it is signed in
 * ({@code GET}) and signs out ({@code DELETE}). The cookie is HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it) and Secure when the page came over TLS.
 */
final class SessionServlet extends HttpServlet {
  record SignedIn(boolean signedIn, String role, String keyId) {}

  private final Callers callers;
  private final Sessions sessions;

  SessionServlet(Callers callers, Sessions sessions) {
    this.callers = callers;
    this.sessions = sessions;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Optional<Caller> caller;
    try {
      caller = AccessFilter.sessionId(req).flatMap(sessions::secret).flatMap(callers::of);
    } catch (AccessUnavailableException e) {
      unavailable(resp);
      return;
    }
    reply(resp, 200, caller.map(c -> new SignedIn(true, c.role().label(), c.keyId()))
        .orElse(new SignedIn(false, null, null)));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!SameOrigin.notRefuted(req)) {
      Refusal.send(resp, 403, "Sign in on this service's own page; this request came from "
          + SameOrigin.claimed(req) + ".");
      return;
    }
    String key = req.getParameter("key");
    if (key == null || key.isBlank()) {
      Refusal.send(resp, 400, "Send the key in the form field 'key' (application/x-www-form-urlencoded).");
      return;
    }
    Optional<Caller> caller;
    try {
      caller = callers.of(key);
    } catch (AccessUnavailableException e) {
      unavailable(resp);
      return;
    }
    if (caller.isEmpty()) {
      Refusal.send(resp, 401, "That is not a key of this service: it was revoked, mistyped, or belongs to another"
          + " deployment.");
      return;
    }
    resp.addHeader("Set-Cookie", cookie(sessions.open(key.strip()), sessions.length().toSeconds(), req.isSecure()));
    reply(resp, 200, new SignedIn(true, caller.get().role().label(), caller.get().keyId()));
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!SameOrigin.proven(req)) {
      Refusal.send(resp, 403, "Sign out on this service's own page; this request came from "
          + SameOrigin.claimed(req) + ".");
      return;
    }
    AccessFilter.sessionId(req).ifPresent(sessions::close);
    resp.addHeader("Set-Cookie", cookie("", 0, req.isSecure()));
    reply(resp, 200, new SignedIn(false, null, null));
  }

  private static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return AccessFilter.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  private static void reply(HttpServletResponse resp, int status, Object body) throws IOException {
    resp.setStatus(status);
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentType("application/json;charset=UTF-8");
    resp.getWriter().write(Json.write(body));
  }

  private static void unavailable(HttpServletResponse resp) throws IOException {
    resp.setHeader("Retry-After", "5");
    Refusal.send(resp, 503, "The service cannot check keys right now; try again in a few seconds.");
  }
}
