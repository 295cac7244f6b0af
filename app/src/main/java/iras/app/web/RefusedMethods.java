package iras.app.web;

import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses TRACE and TRACK with 405 before any servlet sees them: a servlet answers TRACE by echoing the request's
 * headers, cookies and credentials included, which a script on another site can turn against a user.
 */
final class RefusedMethods extends Handler.Wrapper {
  private static final Set<String> REFUSED = Set.of("TRACE", "TRACK");

  RefusedMethods(Handler next) {
    super(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (REFUSED.contains(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
          request.getMethod() + " is not served here.");
      return true;
    }
    return super.handle(request, response, callback);
  }
}
