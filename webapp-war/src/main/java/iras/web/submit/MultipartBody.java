package iras.web.submit;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * How one endpoint takes files in a multipart/form-data request, turning every way a request can be wrong into a
 * clear 4xx.
 *
 * @param maxRequestSize the limit of the whole body, which the servlet's multipart configuration also enforces
 * @param howTo one sentence telling a client how to send images to this endpoint
 * @param tooLarge the message for a body past {@code maxRequestSize}
 * @param field which form fields hold the files
 */
public record MultipartBody(long maxRequestSize, String howTo, String tooLarge, Predicate<String> field) {

  public List<Upload> files(HttpServletRequest req) throws RejectedUpload {
    String type = req.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new RejectedUpload(415, "The request is " + (type == null ? "without a content type" : type)
          + ", not multipart/form-data. " + howTo);
    }
    // Refused before parsing when the client says how long the body is.
    if (req.getContentLengthLong() > maxRequestSize) {
      throw refusedAsTooLarge(req);
    }
    try {
      return req.getParts().stream()
          .filter(p -> p.getSubmittedFileName() != null && field.test(p.getName()))
          .map(Upload::of)
          .toList();
    } catch (IllegalStateException limit) {
      throw refusedAsTooLarge(req);
    } catch (ServletException | IOException malformed) {
      Throwable cause = malformed.getCause() == null ? malformed : malformed.getCause();
      if (cause instanceof IllegalStateException) {
        throw refusedAsTooLarge(req);
      }
      throw new RejectedUpload(400, "The multipart body could not be read (" + cause.getMessage() + "). " + howTo);
    }
  }

  /**
   * Reads and drops the rest of an oversized body before it is refused. Most clients (the course's Python client,
   * Java's HttpClient) send the whole body before they read the answer, and a server that closes the connection
   * with the body still arriving resets it, so the client sees a broken connection instead of the 413 that says
   * why. Past {@link #SWALLOW_AT_MOST} the connection is closed anyway: a client sending that much is not waiting
   * for advice.
   */
  private RejectedUpload refusedAsTooLarge(HttpServletRequest req) {
    try {
      InputStream body = req.getInputStream();
      byte[] dropped = new byte[64 * 1024];
      for (long left = SWALLOW_AT_MOST; left > 0; ) {
        int n = body.read(dropped, 0, (int) Math.min(dropped.length, left));
        if (n < 0) {
          break;
        }
        left -= n;
      }
    } catch (IOException | IllegalStateException gone) {
      // The body ended early or the parser holds it: the container closes the connection, as it would anyway.
    }
    return new RejectedUpload(413, tooLarge);
  }

  private static final long SWALLOW_AT_MOST = 128L * 1024 * 1024;
}
