package iras.web.access;

import iras.core.access.AccessUnavailableException;
import iras.core.access.Role;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, before any servlet reads a body, whether a request may go on: the gallery, {@code /metrics} and
 * {@code /fleet} need an admin; uploads a user unless they are open; what a page does with its session cookie must
 * come from the page's own site.
 */
final class AccessFilter implements Filter {
  private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
  static final String COOKIE = "iras_session";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  /** What a request needs of its caller. */
  enum Need { ANYONE, UPLOADER, ADMIN }

  private final Callers callers;
  private final Sessions sessions;
  private final EnrolmentQuota enrolments;
  private final boolean uploadsOpen;
  private final boolean courseRootOpen;

  /**
   * @param uploadsOpen whether anyone may upload without a key
   * @param courseRootOpen whether {@code POST /} is open whatever {@code uploadsOpen} says (the course's clients send
   *     no key)
   */
  AccessFilter(Callers callers, Sessions sessions, EnrolmentQuota enrolments, boolean uploadsOpen,
      boolean courseRootOpen) {
    this.callers = callers;
    this.sessions = sessions;
    this.enrolments = enrolments;
    this.uploadsOpen = uploadsOpen;
    this.courseRootOpen = courseRootOpen;
  }

  Need need(String method, String path) {
    if (under(path, "/api/faces") || under(path, "/metrics") || under(path, "/fleet")) {
      return Need.ADMIN;
    }
    boolean upload = under(path, "/api/images") || path.equals("/") && method.equals("POST");
    if (!upload || uploadsOpen || courseRootOpen && path.equals("/")) {
      return Need.ANYONE;
    }
    return Need.UPLOADER;
  }

  private static boolean under(String path, String root) {
    return path.equals(root) || path.startsWith(root + "/");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
    Need need = need(req.getMethod(), path);
    // An open address looks at no key: a stale one a client sends anyway (a CLI's guess) costs it nothing.
    if (need == Need.ANYONE) {
      chain.doFilter(req, resp);
      return;
    }
    Optional<Caller> caller;
    try {
      caller = caller(req);
    } catch (BadKey e) {
      Refusal.send(resp, 401, e.getMessage());
      return;
    } catch (AccessUnavailableException e) {
      log.warn("keys unavailable: {}", e.toString());
      resp.setHeader("Retry-After", "5");
      Refusal.send(resp, 503, "The service cannot check keys right now; try again in a few seconds.");
      return;
    }
    Role role = need == Need.ADMIN ? Role.ADMIN : Role.USER;
    if (caller.isEmpty()) {
      Refusal.send(req, resp, 401, need == Need.ADMIN
          ? "This needs an admin key: send it as the header 'Authorization: Bearer <key>' (an admin makes one"
              + " with `iras keys add --role admin`), or sign in with it on the upload page."
          : "Uploads to this service need a key: send it as the header 'Authorization: Bearer <key>' (an admin"
              + " makes one with `iras keys add`), or sign in with it on the upload page.");
      return;
    }
    Caller who = caller.get();
    if (!who.role().covers(role)) {
      Refusal.send(req, resp, 403, "This needs an admin key; the key sent (" + who.keyId() + ") is a user's.");
      return;
    }
    if (who.bySession() && !SAFE_METHODS.contains(req.getMethod()) && !SameOrigin.proven(req)) {
      Refusal.send(resp, 403, "A signed-in page may change things only from this service's own pages; this request"
          + " came from " + SameOrigin.claimed(req) + ". Scripts send their key in the Authorization header.");
      return;
    }
    if (path.equals("/api/faces") && req.getMethod().equals("POST")) {
      OptionalLong wait = enrolments.take(who.keyId());
      if (wait.isPresent()) {
        resp.setHeader("Retry-After", Long.toString(wait.getAsLong()));
        Refusal.send(resp, 429, "This key has made " + enrolments.perHour() + " enrolments within the hour, the"
            + " most allowed (iras.access.enrolments-per-hour); try again in " + (wait.getAsLong() + 59) / 60
            + " min.");
        return;
      }
    }
    chain.doFilter(req, resp);
  }

  /** The caller a key proves: the one sent in the Authorization header, else the session's. */
  private Optional<Caller> caller(HttpServletRequest req) throws BadKey {
    String header = req.getHeader("Authorization");
    if (header != null) {
      String[] scheme = header.strip().split("\\s+", 2);
      if (scheme.length < 2 || !scheme[0].equalsIgnoreCase("Bearer")) {
        throw new BadKey("Send the key as the header 'Authorization: Bearer <key>'.");
      }
      return Optional.of(callers.of(scheme[1]).orElseThrow(() -> new BadKey("The key sent is not one of this"
          + " service's: it was revoked, mistyped, or belongs to another deployment.")));
    }
    // A session of a key revoked since, or one this process never opened (it restarted), is no one's.
    return sessionId(req).flatMap(sessions::secret).flatMap(callers::of).map(Caller::viaSession);
  }

  static Optional<String> sessionId(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie c : cookies) {
      if (c.getName().equals(COOKIE)) {
        return Optional.of(c.getValue());
      }
    }
    return Optional.empty();
  }

  private static final class BadKey extends Exception {
    BadKey(String message) {
      super(message);
    }
  }
}
