package iras.web.submit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops what is left of a request's body once it has been refused. A refusal is often decided before the
 * body is read (too large, a POST to the wrong address); most clients (the course's Python client, Java's
 * HttpClient) send the whole body before they read the answer, and a server that closes the connection while the
 * body still arrives resets it, so the client sees a broken connection instead of the answer that says why. Past
 * {@link #SWALLOW_AT_MOST} the connection is closed anyway: a client sending that much is not waiting for advice.
 */
public final class RefusedBodies implements Filter {
  private static final long SWALLOW_AT_MOST = 128L * 1024 * 1024;

  @Override
  public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(req, resp);
    if (req.isAsyncStarted() || ((HttpServletResponse) resp).getStatus() < 400) {
      return;
    }
    try {
      resp.flushBuffer();
      InputStream body = req.getInputStream();
      byte[] dropped = new byte[64 * 1024];
      for (long left = SWALLOW_AT_MOST; left > 0; ) {
        int n = body.read(dropped, 0, (int) Math.min(dropped.length, left));
        if (n < 0) {
          return;
        }
        left -= n;
      }
    } catch (IOException | IllegalStateException gone) {
      // The client went away, or the body was taken as parts: the container closes the connection, as it would.
    }
  }
}
