package iras.web.api;

import static iras.web.api.Replies.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import iras.core.faces.GalleryStore;
import iras.core.faces.GalleryUnavailableException;
import iras.core.faces.Person;
import iras.core.job.FaceBox;
import iras.core.job.ImageResult;
import iras.web.api.Replies.Problem;
import iras.web.submit.JobSubmitter;
import iras.web.submit.MultipartBody;
import iras.web.submit.PersonNames;
import iras.web.submit.RejectedUpload;
import iras.web.submit.Sizes;
import iras.web.submit.Upload;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import iras.core.cloud.CloudUnavailableException;

/**
 * The face gallery over REST. {@code POST /api/faces} enrols a person from one or more images: each image is a job
 * on the request queue like any other, described by a worker (this tier loads no model), and the answer waits for
 * them all. {@code GET /api/faces} lists the people, each with an id; {@code DELETE /api/faces/{id}} removes one (by
 * the id, not the name: any stored name can be removed, whatever characters it holds).
 */
public final class FacesApiServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(FacesApiServlet.class);
  private static final String HOW_TO = "Send a name and one or more images as multipart/form-data, for example: "
      + "curl -F name=Paul -F image=@paul.jpg http://host:port/api/faces";

  private final JobSubmitter submitter;
  private final GalleryStore gallery;
  private final MultipartBody body;
  private final int maxFiles;
  private final Duration resultTimeout;
  private final String notFaces;

  /**
   * One image's outcome: {@code enrolled} (a face was found and described), {@code no-face-found} (none was
   * found, so the whole image was described and enrolled, as suits images that are already face crops),
   * {@code not-an-image} and {@code refused} (by the web tier, before any worker saw it), {@code failed} (by the
   * worker), {@code timed-out}. {@code faces} is how many faces the worker found; with more than one, {@code note}
   * says that the most prominent (largest, then most confident), {@code face}, was enrolled.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ImageOutcome(int index, String name, String outcome, boolean enrolled, FaceBox face, Integer faces,
                      String note, String error) {
    ImageOutcome(int index, String name, String outcome, boolean enrolled, FaceBox face, String error) {
      this(index, name, outcome, enrolled, face, null, null, error);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Enrollment(Person person, List<ImageOutcome> images, String gallery, String error) {}

  record People(List<Person> people) {}

  record Removed(String id, String name, int images) {}

  /**
   * @param model the deployment's model: a model that names what images show enrols no one, so its deployment
   *     refuses enrolments here rather than after a worker has described the image
   */
  public FacesApiServlet(JobSubmitter submitter, GalleryStore gallery, long maxRequestSize, int maxFiles,
      Duration resultTimeout, String model, boolean recognisesFaces) {
    this.submitter = submitter;
    // The model's file name, not its location: a path on the server is no business of a client's.
    String shown = model.replaceFirst("\\?.*", "").replaceFirst(".*[/:]", "");
    this.notFaces = recognisesFaces ? null : "This deployment's model (" + shown + ") names what images show and"
        + " does not recognise faces, so no one can be enrolled: run the service with IRAS_MODEL=face.";
    this.gallery = gallery;
    this.body = new MultipartBody(maxRequestSize, HOW_TO, "The request is larger than "
        + Sizes.human(maxRequestSize) + " in all: enrol fewer or smaller images at a time.", field -> true);
    this.maxFiles = maxFiles;
    this.resultTimeout = resultTimeout;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!collection(req)) {
      json(resp, 405, new Problem(405, "POST to /api/faces to enrol; a person's own address only answers DELETE."));
      return;
    }
    if (notFaces != null) {
      json(resp, 409, new Problem(409, notFaces));
      return;
    }
    String name;
    List<Upload> files;
    try {
      files = body.files(req);
      name = PersonNames.check(field(req, "name"));
      if (files.isEmpty()) {
        throw new RejectedUpload(400, "No image found in the request: send one or more images of " + name + ". "
            + HOW_TO);
      }
      if (files.size() > maxFiles) {
        throw new RejectedUpload(413, "This request has " + files.size() + " files; send at most " + maxFiles
            + " per request.");
      }
      submitter.admit(files.size());
    } catch (RejectedUpload r) {
      json(resp, r.status(), new Problem(r.status(), r.getMessage()));
      return;
    }
    try {
      enroll(name, files, resp);
    } catch (GalleryUnavailableException e) {
      unavailable(resp, e);
    }
  }

  private void enroll(String name, List<Upload> files, HttpServletResponse resp) throws IOException {
    List<CompletableFuture<ImageResult>> results = new ArrayList<>();
    List<ImageOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String fileName = files.get(i).submittedName();
      try {
        results.add(submitter.submit(files.get(i), name).result());
        outcomes.add(null);
      } catch (RejectedUpload r) {
        results.add(null);
        outcomes.add(new ImageOutcome(i, fileName, r.status() == 415 ? "not-an-image" : "refused", false, null,
            r.getMessage()));
      } catch (CloudUnavailableException e) {
        log.warn("could not queue an enrolment: {}", e.toString());
        results.add(null);
        outcomes.add(new ImageOutcome(i, fileName, "refused", false, null,
            "The service cannot store images right now; send this one again in a few seconds."));
      }
    }
    long deadline = System.nanoTime() + resultTimeout.toNanos();
    String version = null;
    for (int i = 0; i < files.size(); i++) {
      if (results.get(i) == null) {
        continue;
      }
      ImageResult r = await(results.get(i), deadline);
      String fileName = files.get(i).submittedName();
      if (r == null) {
        outcomes.set(i, new ImageOutcome(i, fileName, "timed-out", false, null, "No worker described this image"
            + " within " + resultTimeout.toSeconds() + " s; it stays queued and is enrolled when one does."));
      } else if (r.failed()) {
        outcomes.set(i, new ImageOutcome(i, fileName, "failed", false, null, r.error()));
      } else {
        boolean detected = r.face() != null && r.face().detected();
        int faces = !detected ? 0 : r.face().faces() == null ? 1 : r.face().faces().size();
        FaceBox box = detected ? r.face().box() : null;
        String note = faces < 2 ? null : String.format(Locale.ROOT, "%d faces were found; the largest, %.0fx%.0f px"
            + " at (%.0f, %.0f), was enrolled. Send a photo of this person alone, or cut out the face, to be sure"
            + " the right face is enrolled.", faces, box.width(), box.height(), box.x(), box.y());
        outcomes.set(i, new ImageOutcome(i, fileName, detected ? "enrolled" : "no-face-found", true, box, faces,
            note, null));
        version = r.face() == null ? version : r.face().gallery();
      }
    }
    Person person = gallery.people().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElse(new Person(name, 0, GalleryStore.idOf(name)));
    List<ImageOutcome> notEnrolled = outcomes.stream().filter(o -> !o.enrolled()).toList();
    if (notEnrolled.size() < outcomes.size()) {
      resp.setHeader("Location", "/api/faces/" + person.id());
      json(resp, 201, new Enrollment(person, outcomes, version, null));
      return;
    }
    ImageOutcome first = notEnrolled.get(0);
    int status = switch (first.outcome()) {
      case "not-an-image" -> 415;
      case "timed-out" -> 504;
      case "refused" -> 400;
      default -> 422;
    };
    json(resp, status, new Enrollment(person, outcomes, null, "No image of " + name + " was enrolled. "
        + first.name() + ": " + first.error()));
  }

  /** @return the result, or null when none came before the deadline */
  private static ImageResult await(CompletableFuture<ImageResult> result, long deadlineNanos) {
    try {
      return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!collection(req)) {
      json(resp, 404, new Problem(404, "GET /api/faces lists everyone enrolled, with their id and number of"
          + " images."));
      return;
    }
    try {
      json(resp, 200, new People(gallery.people()));
    } catch (GalleryUnavailableException e) {
      unavailable(resp, e);
    }
  }

  @Override
  protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (collection(req)) {
      json(resp, 405, new Problem(405, "Name the person to remove by their id: DELETE /api/faces/<id>, the id"
          + " GET /api/faces gives."));
      return;
    }
    String id = req.getPathInfo().substring(1);
    try {
      Person person = gallery.people().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
      int removed = person == null ? 0 : gallery.remove(id);
      if (removed == 0) {
        json(resp, 404, new Problem(404, "No one with the id '" + id + "' is enrolled; GET /api/faces lists each"
            + " person's id."));
      } else {
        json(resp, 200, new Removed(id, person.name(), removed));
      }
    } catch (GalleryUnavailableException e) {
      unavailable(resp, e);
    }
  }

  private static boolean collection(HttpServletRequest req) {
    return req.getPathInfo() == null || req.getPathInfo().equals("/");
  }

  /** A form field's text, or null when the request has none. */
  private static String field(HttpServletRequest req, String name) throws RejectedUpload {
    try {
      Part part = req.getPart(name);
      if (part == null || part.getSubmittedFileName() != null) {
        return null;
      }
      try (InputStream in = part.getInputStream()) {
        // Longer than any acceptable name, short enough that a huge field cannot fill the heap.
        return new String(in.readNBytes(4 * PersonNames.MAX_LENGTH + 4), StandardCharsets.UTF_8);
      }
    } catch (ServletException | IOException e) {
      throw new RejectedUpload(400, "The field 'name' could not be read: " + e.getMessage());
    }
  }

  private static void unavailable(HttpServletResponse resp, GalleryUnavailableException e) throws IOException {
    log.warn("gallery unavailable: {}", e.toString());
    resp.setHeader("Retry-After", RejectedUpload.RETRY_AFTER_SECONDS);
    json(resp, 503, new Problem(503, "The face gallery cannot be reached right now; try again in a few seconds."));
  }
}
