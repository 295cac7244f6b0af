package iras.core.cloud;

import iras.core.job.ImageJob;
import iras.core.job.ImageResult;
import java.nio.charset.StandardCharsets;

/**
 * The objects the course's graders count, in the course's profile: each upload under its file name in the input
 * bucket ({@code test_00.jpg}), and its answer under the name without extension in the output bucket ({@code test_00}
 * → {@code Paul}, text/plain), one each per request. Outside that profile nothing is written. Enrolments are not
 * requests the course counts, so they leave no course object.
 *
 * <p>Two uploads of the same file name share these objects, and the later write stays; each job still reads its own
 * image from the image bucket, so each user gets their own answer.
 */
public final class CourseObjects {
  private final ObjectStore store;
  private final CloudLayout layout;

  CourseObjects(ObjectStore store, CloudLayout layout) {
    this.store = store;
    this.layout = layout;
  }

  public void upload(ImageJob job, byte[] image, String mediaType) {
    if (layout.course() && !job.enrolls()) {
      store.put(layout.inputBucket(), job.name(), image, mediaType);
    }
  }

  /** Removes the course's objects of an upload named {@code name}. */
  public void remove(String name) {
    if (layout.course()) {
      store.delete(layout.inputBucket(), name);
      store.delete(layout.outputBucket(), ImageJob.baseName(name));
    }
  }

  /** The answer's text is what {@code POST /} answers after the colon; an error is kept as its message. */
  public void answer(ImageJob job, ImageResult result) {
    if (layout.course() && !job.enrolls()) {
      String text = result.failed() ? "error: " + result.error() : result.label();
      store.put(layout.outputBucket(), job.baseName(), text.getBytes(StandardCharsets.UTF_8),
          "text/plain; charset=utf-8");
    }
  }
}
