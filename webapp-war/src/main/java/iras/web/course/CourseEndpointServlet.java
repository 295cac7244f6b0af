package iras.web.course;

import iras.core.job.ImageResult;
import iras.web.page.Pages;
import iras.web.results.ResultBroker;
import iras.web.submit.JobSubmitter;
import iras.web.submit.MultipartBody;
import iras.web.submit.RejectedUpload;
import iras.web.submit.Sizes;
import iras.web.submit.Upload;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import iras.core.cloud.CloudUnavailableException;

/**
 * The site's root. {@code GET /} is the upload page; {@code POST /} is the contract of the course's load clients:
 * one image in the multipart field {@code inputFile} (older clients: {@code myfile}), answered as plain text with
 * {@code <name without extension>:<label>} (or the bare label, for the oldest clients) once a worker has classified
 * it. The wait is asynchronous, so a thousand waiting clients hold no thousand threads.
 */
public final class CourseEndpointServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(CourseEndpointServlet.class);
  private static final List<String> FILE_FIELDS = List.of("inputFile", "myfile");
  private static final String HOW_TO =
      "Send one image in the multipart field 'inputFile', for example: curl -F inputFile=@cat.jpg http://host:port/";

  /** What the body of a successful answer holds. */
  public enum Answer {
    NAME_LABEL, LABEL;

    /** @throws IllegalArgumentException naming the accepted values */
    public static Answer parse(String setting) {
      return switch (setting.trim().toLowerCase(Locale.ROOT)) {
        case "name-label", "name:label" -> NAME_LABEL;
        case "label" -> LABEL;
        default -> throw new IllegalArgumentException(
            "iras.web.course-answer (IRAS_WEB_COURSE_ANSWER) is '" + setting + "'; use name-label or label");
      };
    }
  }

  private final JobSubmitter submitter;
  private final Pages pages;
  private final Duration resultTimeout;
  private final MultipartBody body;
  private final Answer answer;

  public CourseEndpointServlet(
      JobSubmitter submitter, Pages pages, Duration resultTimeout, long maxFileSize, Answer answer) {
    this.submitter = submitter;
    this.pages = pages;
    this.resultTimeout = resultTimeout;
    this.body = new MultipartBody(maxRequestSize(maxFileSize), HOW_TO,
        "The upload is larger than the limit of " + Sizes.human(maxFileSize) + " per image.", FILE_FIELDS::contains);
    this.answer = answer;
  }

  /** The limit of a whole request: one file and room for the multipart framing around it. */
  public static long maxRequestSize(long maxFileSize) {
    return maxFileSize + 64 * 1024;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    pages.upload(req, resp);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    JobSubmitter.Submitted submitted;
    try {
      submitted = submitter.submit(onlyFile(req));
    } catch (RejectedUpload r) {
      if (r.status() == 503) {
        resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
      }
      plain(resp, r.status(), r.getMessage());
      return;
    } catch (CloudUnavailableException e) {
      log.warn("could not queue an upload: {}", e.toString());
      resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
      plain(resp, 503, "The service cannot store images right now; send the image again in a few seconds.");
      return;
    }

    // The course's clients read only the body; anyone else can find the job again at its REST address.
    resp.setHeader("Content-Location", "/api/images/" + submitted.job().id());
    AsyncContext async = req.startAsync();
    // The result future times out first (see ResultBroker); the container must not cut the response short.
    async.setTimeout(resultTimeout.toMillis() + 10_000);
    String name = submitted.job().name();
    submitted.result().whenComplete((result, error) -> {
      HttpServletResponse out = (HttpServletResponse) async.getResponse();
      try {
        if (error != null) {
          notAnswered(out, name, submitted.job().id(), error);
        } else {
          answer(out, submitted.job().baseName(), result);
        }
      } catch (IOException | RuntimeException e) {
        log.debug("client of {} went away: {}", name, e.toString());
      }
      try {
        async.complete();
      } catch (IllegalStateException alreadyEnded) {
        // The container ended the request first: the client went away.
      }
    });
  }

  private Upload onlyFile(HttpServletRequest req) throws RejectedUpload {
    List<Upload> files = body.files(req);
    if (files.isEmpty()) {
      throw new RejectedUpload(400, "No file found: send the image in the multipart field 'inputFile' (or 'myfile').");
    }
    if (files.size() > 1) {
      throw new RejectedUpload(400, "POST / takes one image; this request has " + files.size()
          + ". Send several at once to /api/images.");
    }
    submitter.admit(1);
    return files.get(0);
  }

  private void answer(HttpServletResponse resp, String baseName, ImageResult result) throws IOException {
    if (result.failed()) {
      plain(resp, 422, "Could not classify '" + result.name() + "': " + result.error());
    } else {
      plain(resp, 200, answer == Answer.LABEL ? result.label() : baseName + ":" + result.label());
    }
  }

  private void notAnswered(HttpServletResponse resp, String name, String id, Throwable error) throws IOException {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ResultBroker.Stopping) {
      resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
      plain(resp, 503, "This web server is restarting. The job " + id + " for '" + name + "' is kept and will be "
          + "classified: its result will be at /api/images/" + id + " (or send the image again).");
    } else if (cause instanceof TimeoutException) {
      plain(resp, 504, "No result for '" + name + "' within " + resultTimeout.toSeconds()
          + " s; the job " + id + " stays queued and its result will be at /api/images/" + id);
    } else {
      plain(resp, 500, "Waiting for '" + name + "' failed: " + cause);
    }
  }

  private static void plain(HttpServletResponse resp, int status, String text) throws IOException {
    resp.setStatus(status);
    resp.setContentType("text/plain;charset=UTF-8");
    resp.getWriter().write(text);
  }
}
