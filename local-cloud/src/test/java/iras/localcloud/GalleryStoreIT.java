package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iras.core.cloud.Cloud;
import iras.core.faces.GalleryEntry;
import iras.core.faces.GallerySnapshot;
import iras.core.faces.GalleryStore;
import iras.core.faces.GalleryUnavailableException;
import iras.core.faces.Person;
import iras.core.job.FaceBox;
import iras.core.settings.Settings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face gallery in the embedded S3, through the real SDK, as two processes of one deployment see it. */
class GalleryStoreIT {
  @TempDir Path dataDir;
  ActorSystem system;
  LocalCloud localCloud;
  Settings settings;
  Cloud web;
  Cloud worker;

  @BeforeEach
  void start() throws Exception {
    settings = EmbeddedCloudSettings.of(dataDir, "gallery-test");
    system = ActorSystem.create("gallery-test");
    localCloud = LocalCloud.start(settings, system);
    settings = localCloud.clientSettings(settings);
    web = Cloud.connect(settings);
    worker = Cloud.connect(settings);
  }

  @AfterEach
  void stop() throws Exception {
    web.close();
    worker.close();
    localCloud.close();
    system.terminate();
  }

  private static GalleryEntry entry(String name, String id, float first) {
    return new GalleryEntry(name, id, id + ".jpg", new float[] {first, 0.5f}, new FaceBox(1, 2, 30, 40, 0.9),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void whatOneProcessEnrollsAnotherReadsWithANewVersion() {
    GalleryStore enrolling = GalleryStore.of(worker);
    GalleryStore reading = GalleryStore.of(web);
    GallerySnapshot empty = reading.read(GallerySnapshot.NONE);
    assertEquals(Map.of(), empty.entries());

    enrolling.add(entry("Paul", "a1", 0.25f));
    enrolling.add(entry("Paul", "a2", 0.75f));
    // A name with markup, a slash and letters outside ASCII is kept as given.
    enrolling.add(entry("<b>Zoë</b>/x", "b1", 1f));
    GallerySnapshot three = reading.read(empty);
    assertNotEquals(empty.version(), three.version());
    assertEquals(List.of(new Person("<b>Zoë</b>/x", 1, GalleryStore.idOf("<b>Zoë</b>/x")),
        new Person("Paul", 2, GalleryStore.idOf("Paul"))), reading.people());
    assertEquals(2, three.descriptorsByName(true).get("Paul").size());
    assertEquals(Map.of(), three.descriptorsByName(false), "every entry is of a face found in its image");
    assertArrayEquals(new float[] {1f, 0.5f}, three.descriptorsByName(true).get("<b>Zoë</b>/x").get(0));
    assertSame(three, reading.read(three), "unchanged content is not fetched again");
    assertEquals(three.version(), enrolling.read(GallerySnapshot.NONE).version(), "same content, same version");

    assertEquals(2, enrolling.remove(GalleryStore.idOf("Paul")));
    assertEquals(0, enrolling.remove(GalleryStore.idOf("Paul")));
    assertEquals(0, enrolling.remove("../x"), "what is not an id removes nothing");
    GallerySnapshot one = reading.read(three);
    assertEquals(List.of("<b>Zoë</b>/x"), List.copyOf(one.descriptorsByName(true).keySet()));
    assertNotEquals(three.version(), one.version());

    // A name with a slash, which no path could carry, is removed by the id the listing gives.
    assertEquals(1, enrolling.remove(reading.people().get(0).id()));
    assertEquals(List.of(), reading.people());
  }

  @Test
  void anUnreachableStoreIsOneExceptionOfTheGallery() throws Exception {
    GalleryStore gallery = GalleryStore.of(web);
    localCloud.close();
    assertThrows(GalleryUnavailableException.class, gallery::people);
  }
}
