package iras.web.submit;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
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
    // Refused before parsing when the client says how long the body is (RefusedBodies reads it after the answer).
    if (req.getContentLengthLong() > maxRequestSize) {
      throw new RejectedUpload(413, tooLarge);
    }
    try {
      return req.getParts().stream()
          .filter(p -> p.getSubmittedFileName() != null && field.test(p.getName()))
          .map(Upload::of)
          .toList();
    } catch (IllegalStateException limit) {
      throw new RejectedUpload(413, tooLarge);
    } catch (ServletException | IOException malformed) {
      Throwable cause = malformed.getCause() == null ? malformed : malformed.getCause();
      if (cause instanceof IllegalStateException) {
        throw new RejectedUpload(413, tooLarge);
      }
      for (Throwable t = malformed; t != null; t = t.getCause()) {
        if (t instanceof TimeoutException slow) {
          throw new RejectedUpload(408, "The upload came too slowly (" + slow.getMessage() + "): send it again over"
              + " a faster connection.");
        }
      }
      throw new RejectedUpload(400, "The multipart body could not be read (" + cause.getMessage() + "). " + howTo);
    }
  }
}
