package iras.web.access;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a browser sent a request from this site's own pages. Browsers say so in {@code Sec-Fetch-Site}; older
 * ones only in {@code Origin}, compared with the address the request was sent to ({@code Host}).
 */
final class SameOrigin {
  private SameOrigin() {}

  /** Strict: a request that names no origin at all is not taken to be from this site. */
  static boolean proven(HttpServletRequest req) {
    String site = req.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return site.equals("same-origin");
    }
    String origin = req.getHeader("Origin");
    return origin != null && matchesHost(origin, req.getHeader("Host"));
  }

  /** Lenient: refuses only what a browser says came from elsewhere; a script that names no origin passes. */
  static boolean notRefuted(HttpServletRequest req) {
    String site = req.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return site.equals("same-origin") || site.equals("none");
    }
    String origin = req.getHeader("Origin");
    return origin == null || matchesHost(origin, req.getHeader("Host"));
  }

  /** What to name in a refusal. */
  static String claimed(HttpServletRequest req) {
    String origin = req.getHeader("Origin");
    return origin != null ? origin : "another site (Sec-Fetch-Site: " + req.getHeader("Sec-Fetch-Site") + ")";
  }

  private static boolean matchesHost(String origin, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      if (o.getHost() == null) {
        return false;
      }
      String authority = o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
      return authority.toLowerCase(Locale.ROOT).equals(host.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
