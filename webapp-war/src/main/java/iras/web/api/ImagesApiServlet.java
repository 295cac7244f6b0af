package iras.web.api;

import static iras.web.api.Replies.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import iras.web.api.Replies.Problem;
import iras.core.job.JobResults;
import iras.core.job.Json;
import iras.web.results.JobStatus;
import iras.web.results.JobStatuses;
import iras.web.submit.JobSubmitter;
import iras.web.submit.MultipartBody;
import iras.web.submit.RejectedUpload;
import iras.web.submit.Sizes;
import iras.web.submit.Upload;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import iras.core.cloud.CloudUnavailableException;

/**
 * The REST API. {@code POST /api/images} takes one or many files (any field name) and answers at once, 202, with a
 * job id per accepted file and a reason per refused one; {@code GET /api/images/{id}} and
 * {@code GET /api/images?ids=a,b,…} report status and result.
 */
public final class ImagesApiServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ImagesApiServlet.class);
  static final int MAX_IDS = 200;
  private static final String HOW_TO =
      "Send images as multipart/form-data, for example: "
          + "curl -F file=@cat.jpg -F file=@dog.png http://host:port/api/images";

  private final JobSubmitter submitter;
  private final JobStatuses statuses;
  private final MultipartBody body;
  private final int maxFiles;

  /** @param index the file's position among the request's files, counting from 0 */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Accepted(int index, String id, String name, String status, String href) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Rejected(int index, String name, int status, String error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Submission(List<Accepted> accepted, List<Rejected> rejected, String error) {}

  record Statuses(List<JobStatus> images) {}

  public ImagesApiServlet(JobSubmitter submitter, JobStatuses statuses, long maxRequestSize, int maxFiles) {
    this.submitter = submitter;
    this.statuses = statuses;
    this.body = new MultipartBody(maxRequestSize, HOW_TO, "The request is larger than "
        + Sizes.human(maxRequestSize) + " in all: send fewer or smaller images at a time.", field -> true);
    this.maxFiles = maxFiles;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (req.getPathInfo() != null && !req.getPathInfo().equals("/")) {
      json(resp, 405, new Problem(405, "POST images to /api/images; a job's own address only answers GET."));
      return;
    }
    List<Upload> files;
    try {
      files = body.files(req);
      if (files.isEmpty()) {
        throw new RejectedUpload(400, "No file found in the request. " + HOW_TO);
      }
      if (files.size() > maxFiles) {
        throw new RejectedUpload(413, "This request has " + files.size() + " files; send at most " + maxFiles
            + " per request.");
      }
      submitter.admit(files.size());
    } catch (RejectedUpload r) {
      problem(resp, r);
      return;
    }

    List<Accepted> accepted = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      try {
        var submitted = submitter.submit(files.get(i));
        var job = submitted.job();
        // An image answered before is answered at once, from the store.
        String status = submitted.result().isDone() ? JobStatus.DONE : JobStatus.PENDING;
        accepted.add(new Accepted(i, job.id(), job.name(), status, "/api/images/" + job.id()));
      } catch (RejectedUpload r) {
        rejected.add(new Rejected(i, files.get(i).submittedName(), r.status(), r.getMessage()));
      } catch (CloudUnavailableException e) {
        log.warn("could not queue an upload: {}", e.toString());
        rejected.add(new Rejected(i, files.get(i).submittedName(), 503,
            "The service cannot store images right now; send this one again in a few seconds."));
      }
    }
    if (accepted.isEmpty()) {
      Rejected first = rejected.get(0);
      if (first.status() == 503) {
        resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
      }
      json(resp, first.status(), new Submission(accepted, rejected, first.error()));
      return;
    }
    if (accepted.size() == 1) {
      resp.setHeader("Location", accepted.get(0).href());
    }
    json(resp, 202, new Submission(accepted, rejected, null));
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    try {
      if (path == null || path.equals("/")) {
        many(req, resp);
      } else {
        one(path.substring(1), resp);
      }
    } catch (CloudUnavailableException | JobResults.Unavailable e) {
      log.warn("could not look up jobs: {}", e.toString());
      resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
      json(resp, 503, new Problem(503, "The result store cannot be reached right now; ask again in a few seconds."));
    }
  }

  private void one(String id, HttpServletResponse resp) throws IOException {
    if (!JobStatuses.isJobId(id)) {
      json(resp, 400, new Problem(400, "'" + id + "' is not a job id; ids look like "
          + "0b5a3f4e-6c1d-4f2a-9e8b-1234567890ab and come from POST /api/images."));
      return;
    }
    JobStatus status = statuses.of(id);
    json(resp, status.isKnown() ? 200 : 404, status);
  }

  private void many(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String ids = req.getParameter("ids");
    if (ids == null || ids.isBlank()) {
      json(resp, 400, new Problem(400, "Name the jobs to report: /api/images?ids=<id>,<id>,… "
          + "(or /api/images/<id> for one)."));
      return;
    }
    List<String> wanted = Arrays.stream(ids.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (wanted.size() > MAX_IDS) {
      json(resp, 400, new Problem(400, "Ask for at most " + MAX_IDS + " jobs at a time; this asks for "
          + wanted.size() + "."));
      return;
    }
    for (String id : wanted) {
      if (!JobStatuses.isJobId(id)) {
        json(resp, 400, new Problem(400, "'" + id + "' is not a job id."));
        return;
      }
    }
    json(resp, 200, new Statuses(wanted.stream().map(statuses::of).toList()));
  }

  private static void problem(HttpServletResponse resp, RejectedUpload r) throws IOException {
    if (r.status() == 503) {
      resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
    }
    json(resp, r.status(), new Problem(r.status(), r.getMessage()));
  }
}
