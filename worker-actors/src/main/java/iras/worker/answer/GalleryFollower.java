package iras.worker.answer;

import iras.core.faces.GallerySnapshot;
import iras.core.faces.GalleryStore;
import iras.core.faces.GalleryUnavailableException;
import iras.model.face.Gallery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's copy of the deployment's gallery, kept within {@link #STALE_AFTER} of the store: a change another
 * process makes is seen on the next batch after that, without a restart. Looking costs one listing; only new
 * entries are fetched. Used from one thread, the batch answerer's.
 */
final class GalleryFollower {
  private static final Logger log = LoggerFactory.getLogger(GalleryFollower.class);
  /** How old the copy may be before a batch looks again: one listing a second at most, changes seen within it. */
  static final Duration STALE_AFTER = Duration.ofSeconds(1);

  private final GalleryStore store;
  private GallerySnapshot snapshot = GallerySnapshot.NONE;
  private Gallery gallery;
  private final Clock clock;
  private Instant readAt;

  GalleryFollower(GalleryStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The gallery as of at most {@link #STALE_AFTER} ago. When the store cannot be reached, the last copy serves.
   *
   * @throws GalleryUnavailableException when the store cannot be reached and was never read
   */
  Gallery current() {
    if (gallery == null || clock.instant().isAfter(readAt.plus(STALE_AFTER))) {
      try {
        return reread();
      } catch (GalleryUnavailableException e) {
        if (gallery == null) {
          throw e;
        }
        log.warn("gallery store unreachable; matching against version {}: {}", gallery.version(), e.getMessage());
      }
    }
    return gallery;
  }

  /** The gallery as the store holds it now, after this worker changed it. */
  Gallery reread() {
    GallerySnapshot read = store.read(snapshot);
    if (read != snapshot || gallery == null) {
      snapshot = read;
      gallery = new Gallery(read.version(), read.descriptorsByName(true), read.descriptorsByName(false));
    }
    readAt = clock.instant();
    return gallery;
  }
}
