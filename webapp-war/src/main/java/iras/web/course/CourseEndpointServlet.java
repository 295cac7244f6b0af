package iras.web.course;

import iras.core.job.ImageResult;
import iras.web.page.Pages;
import iras.web.submit.JobSubmitter;
import iras.web.submit.RejectedUpload;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The site's root. {@code GET /} is the upload page; {@code POST /} is the contract of the course's load clients:
 * one image in the multipart field {@code inputFile} (older clients: {@code myfile}), answered with
 * {@code <name without extension>:<label>} as plain text once a worker has classified it. The wait is
 * asynchronous, so a thousand waiting clients hold no thousand threads.
 */
public final class CourseEndpointServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(CourseEndpointServlet.class);
  private static final String[] FILE_FIELDS = {"inputFile", "myfile"};

  private final JobSubmitter submitter;
  private final Pages pages;
  private final Duration resultTimeout;

  public CourseEndpointServlet(JobSubmitter submitter, Pages pages, Duration resultTimeout) {
    this.submitter = submitter;
    this.pages = pages;
    this.resultTimeout = resultTimeout;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    pages.render("upload", Map.of(), req, resp);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    JobSubmitter.Submitted submitted;
    try {
      Part part = filePart(req);
      submitted = submitter.submit(part.getSubmittedFileName(), part.getInputStream().readAllBytes());
    } catch (RejectedUpload r) {
      plain(resp, r.status(), r.getMessage());
      return;
    } catch (SdkException e) {
      log.warn("could not queue an upload: {}", e.toString());
      resp.setHeader("Retry-After", "5");
      plain(resp, 503, "The service cannot store images right now; send the image again in a few seconds.");
      return;
    }

    AsyncContext async = req.startAsync();
    // The future below times out first; the container must not cut the response short on its own.
    async.setTimeout(resultTimeout.toMillis() + 10_000);
    String name = submitted.job().name();
    submitted
        .result()
        .orTimeout(resultTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (result, error) -> {
              HttpServletResponse out = (HttpServletResponse) async.getResponse();
              try {
                if (error != null) {
                  timedOut(out, name, submitted.job().id(), error);
                } else {
                  answer(out, submitted.job().baseName(), result);
                }
              } catch (IOException | RuntimeException e) {
                log.debug("client of {} went away: {}", name, e.toString());
              } finally {
                async.complete();
              }
            });
  }

  private void answer(HttpServletResponse resp, String baseName, ImageResult result) throws IOException {
    if (result.failed()) {
      plain(resp, 422, "Could not classify '" + result.name() + "': " + result.error());
    } else {
      plain(resp, 200, baseName + ":" + result.label());
    }
  }

  private void timedOut(HttpServletResponse resp, String name, String id, Throwable error) throws IOException {
    if (error instanceof TimeoutException) {
      plain(resp, 504, "No result for '" + name + "' within " + resultTimeout.toSeconds()
          + " s; the job " + id + " stays queued and will still be classified.");
    } else {
      plain(resp, 500, "Waiting for '" + name + "' failed: " + error);
    }
  }

  private static Part filePart(HttpServletRequest req) throws RejectedUpload, IOException {
    String type = req.getContentType();
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      throw new RejectedUpload(400, "Send the image as multipart/form-data in the field 'inputFile', "
          + "for example: curl -F inputFile=@cat.jpg http://host:port/");
    }
    try {
      for (String field : FILE_FIELDS) {
        Part part = req.getPart(field);
        if (part != null) {
          return part;
        }
      }
    } catch (IllegalStateException tooLarge) {
      throw new RejectedUpload(413, "The upload is too large: " + tooLarge.getMessage());
    } catch (ServletException | IOException malformed) {
      throw new RejectedUpload(400, "The multipart body could not be read: " + malformed.getMessage());
    }
    throw new RejectedUpload(400, "No file found: send the image in the multipart field 'inputFile' (or 'myfile').");
  }

  private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().write(text);
  }
}
