package iras.web.submit;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import iras.core.faces.GalleryStore;
import iras.core.faces.GalleryUnavailableException;
import iras.core.job.AnswerKey;
import iras.core.job.ImageResult;
import iras.core.job.StoredAnswers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the answer the deployment's model already gave to an upload's bytes, so the upload needs no worker. For a
 * face model the answer must come from the gallery as it is now: its version is read at most once a second, so an
 * enrolment reaches these lookups within a second, as it reaches the workers within seconds.
 */
public final class ReusedAnswers {
  private static final Duration GALLERY_VERSION_KEPT = Duration.ofSeconds(1);

  private final StoredAnswers answers;
  private final String modelIdentity;
  private final GalleryStore gallery;
  private final Clock clock;
  private final Counter lookups;
  private String galleryVersion;
  private Instant galleryVersionRead = Instant.MIN;

  /** @param gallery the face gallery, for a face model; null for any other */
  public ReusedAnswers(StoredAnswers answers, String modelIdentity, GalleryStore gallery, Clock clock,
      PrometheusRegistry metrics) {
    this.answers = answers;
    this.modelIdentity = modelIdentity;
    this.gallery = gallery;
    this.clock = clock;
    this.lookups = Counter.builder().name("iras_stored_answers_total")
        .help("Uploads looked up among the answers kept for images seen before, by outcome: hit (answered from the"
            + " store, no inference) or miss (queued for a worker).")
        .labelNames("outcome").register(metrics);
    lookups.labelValues("hit");
    lookups.labelValues("miss");
  }

  /** The kept answer to {@code image}, if the model has answered those bytes (against this gallery) before. */
  public Optional<ImageResult> find(byte[] image) {
    if (answers == StoredAnswers.NONE) {
      // Reuse is turned off: no lookup, so none is counted.
      return Optional.empty();
    }
    Optional<ImageResult> found;
    try {
      found = answers.find(AnswerKey.of(image, modelIdentity, gallery == null ? null : galleryVersion()));
    } catch (GalleryUnavailableException e) {
      found = Optional.empty();
    }
    lookups.labelValues(found.isPresent() ? "hit" : "miss").inc();
    return found;
  }

  private synchronized String galleryVersion() {
    Instant now = clock.instant();
    if (galleryVersion == null || !now.isBefore(galleryVersionRead.plus(GALLERY_VERSION_KEPT))) {
      galleryVersion = gallery.version();
      galleryVersionRead = now;
    }
    return galleryVersion;
  }
}
