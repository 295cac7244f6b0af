package iras.core.faces;

import iras.core.cloud.Cloud;
import java.util.List;

/**
 * The deployment's face gallery: the people enrolled and the descriptors of their images, kept in the deployment's
 * storage so every worker and web process sees the same one. Each enrolled image is its own entry, so enrolments
 * from many workers at once never overwrite each other. Every method may throw
 * {@link GalleryUnavailableException} when the storage cannot be reached.
 */
public interface GalleryStore {

  static GalleryStore of(Cloud cloud) {
    return new S3GalleryStore(cloud.store(), cloud.layout().recordsBucket());
  }

  /**
   * The gallery as it is now. One listing when nothing changed since {@code previous} (which is then returned);
   * otherwise only the entries {@code previous} lacks are fetched.
   */
  GallerySnapshot read(GallerySnapshot previous);

  /** The version {@link #read} would give now, from one listing, without fetching any entry. */
  String version();

  void add(GalleryEntry entry);

  /** Everyone enrolled, by name, without fetching any descriptor. */
  List<Person> people();

  /** @return how many images of the person {@code id} (as {@link #people} gives it) were removed; 0 when none */
  int remove(String id);

  /** The id {@link #people} gives the person of this name. */
  static String idOf(String name) {
    return S3GalleryStore.idOf(name);
  }
}
