package iras.web.access;

import iras.core.access.Role;

/**
 * Who sent a request, as proven by a key (sent with it, or through the page's session).
 *
 * @param keyId the key's id, or {@link #AUTOMATION} for the admin key the settings give
 * @param bySession whether the proof was the page's session cookie, which a browser may send on another site's
 *     behalf, rather than a header only a script sets
 */
public record Caller(String keyId, Role role, boolean bySession) {
  public static final String AUTOMATION = "IRAS_ADMIN_KEY";

  Caller viaSession() {
    return new Caller(keyId, role, true);
  }
}
