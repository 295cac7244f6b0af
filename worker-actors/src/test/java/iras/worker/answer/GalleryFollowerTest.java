package iras.worker.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.InMemoryCloud;
import iras.core.faces.GalleryEntry;
import iras.core.faces.GalleryStore;
import iras.core.faces.GalleryUnavailableException;
import iras.core.job.FaceBox;
import iras.core.settings.Settings;
import iras.core.testing.ManualClock;
import iras.model.face.Gallery;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker's copy of the gallery follows the store within its staleness, and outlives an outage of the store. */
class GalleryFollowerTest {
  private final ManualClock clock = new ManualClock();
  private final InMemoryCloud cloud = new InMemoryCloud(Settings.load().with("deployment", "gallery-test"), clock);
  private final GalleryStore store = GalleryStore.of(cloud);

  private void enrol(String name, String id) {
    store.add(new GalleryEntry(name, id, id + ".jpg", new float[] {1, 0, 0}, new FaceBox(0, 0, 10, 10, 0.9),
        clock.instant()));
  }

  @Test
  void aChangeMadeElsewhereIsSeenOnceTheCopyIsStale() {
    GalleryFollower follower = new GalleryFollower(store, clock);
    Gallery before = follower.current();
    assertTrue(before.isEmpty());

    enrol("Ada", "job-1");
    assertEquals(before.version(), follower.current().version(), "looked again within its staleness");
    clock.advance(GalleryFollower.STALE_AFTER.plusMillis(1));
    Gallery after = follower.current();
    assertNotEquals(before.version(), after.version());
    assertEquals(Map.of("Ada", 1), after.people());
  }

  @Test
  void anEnrolmentOfItsOwnIsSeenAtOnce() {
    GalleryFollower follower = new GalleryFollower(store, clock);
    follower.current();
    enrol("Grace", "job-2");
    assertEquals(Map.of("Grace", 1), follower.reread().people());
  }

  @Test
  void theLastCopyServesWhileTheStoreIsUnreachable() {
    GalleryFollower follower = new GalleryFollower(store, clock);
    enrol("Ada", "job-1");
    Gallery read = follower.current();
    cloud.store().outage(true);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(read.version(), follower.current().version());
    assertThrows(GalleryUnavailableException.class, () -> new GalleryFollower(store, clock).current());
  }
}
