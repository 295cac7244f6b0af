package iras.core.faces;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gallery as read at one moment.
 *
 * @param version names exactly this content: every process that reads the same entries computes the same version
 * @param entries by their place in the store
 */
public record GallerySnapshot(String version, Map<String, GalleryEntry> entries) {
  /** Before the first read: no version matches it, so the first read fetches every entry. */
  public static final GallerySnapshot NONE = new GallerySnapshot("", Map.of());

  public GallerySnapshot {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /**
   * Every person's descriptors of one framing, in the store's order: of faces found in photos (entries with a box),
   * or of images described whole (face crops, or photos without a detected face).
   */
  public Map<String, List<float[]>> descriptorsByName(boolean ofFoundFaces) {
    Map<String, List<float[]>> people = new LinkedHashMap<>();
    for (GalleryEntry e : entries.values()) {
      if ((e.box() != null) == ofFoundFaces) {
        people.computeIfAbsent(e.name(), n -> new ArrayList<>()).add(e.descriptor());
      }
    }
    return people;
  }
}
