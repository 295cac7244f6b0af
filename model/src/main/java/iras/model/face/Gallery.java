package iras.model.face;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enrolled people and their face descriptors, immutable: a changed gallery is a new one with a new version.
 * A descriptor is matched to the person with the nearest enrolled descriptor (Euclidean distance); the answer
 * also names the runner-up, the nearest descriptor of anyone else, so a caller can judge how clear the match was.
 *
 * <p>Descriptors come in two framings that are not comparable with each other: of a face found in a photo (placed
 * by its landmarks), and of a face crop described whole (such as the course's 64x64 faces). A face found in a photo
 * is described both ways ({@link FaceDescription.Face}) and each way is compared with the enrolments of its own
 * framing; an image described whole is compared with every enrolment, as it has nothing else.
 */
public final class Gallery {
  private final String version;
  private final Map<String, Integer> counts;
  private final Descriptors faces;
  private final Descriptors crops;

  /** Every descriptor's owner and values, flat, so a match is one pass over contiguous memory. */
  private static final class Descriptors {
    final String[] owners;
    final float[] values;
    final int length;

    Descriptors(Map<String, List<float[]>> people, int length) {
      List<String> owners = new ArrayList<>();
      List<float[]> all = new ArrayList<>();
      people.forEach((name, list) -> list.forEach(d -> {
        owners.add(name);
        all.add(d);
      }));
      this.owners = owners.toArray(String[]::new);
      this.length = length;
      this.values = new float[all.size() * length];
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).length != length) {
          throw new IllegalArgumentException("descriptor of " + this.owners[i] + " has " + all.get(i).length
              + " values, others have " + length);
        }
        System.arraycopy(all.get(i), 0, values, i * length, length);
      }
    }

    /** Squared distances: the root is taken once, for the answer. */
    double[] squared(float[] descriptor) {
      if (descriptor.length != length && owners.length > 0) {
        throw new IllegalArgumentException("descriptor has " + descriptor.length + " values, the gallery's have "
            + length);
      }
      double[] squared = new double[owners.length];
      for (int i = 0; i < owners.length; i++) {
        double sum = 0;
        int base = i * length;
        for (int k = 0; k < length; k++) {
          double d = values[base + k] - descriptor[k];
          sum += d * d;
        }
        squared[i] = sum;
      }
      return squared;
    }
  }

  /**
   * @param version names this state of the gallery (results record it)
   * @param faces   each person's descriptors of faces found in photos, all of the same length; copied
   * @param crops   each person's descriptors of face crops described whole; copied
   * @throws IllegalArgumentException for descriptors of different lengths
   */
  public Gallery(String version, Map<String, List<float[]>> faces, Map<String, List<float[]>> crops) {
    this.version = version;
    int length = faces.values().stream().flatMap(List::stream).findFirst()
        .or(() -> crops.values().stream().flatMap(List::stream).findFirst()).map(d -> d.length).orElse(0);
    this.faces = new Descriptors(faces, length);
    this.crops = new Descriptors(crops, length);
    Map<String, Integer> counts = new LinkedHashMap<>();
    faces.forEach((name, list) -> counts.merge(name, list.size(), Integer::sum));
    crops.forEach((name, list) -> counts.merge(name, list.size(), Integer::sum));
    this.counts = Collections.unmodifiableMap(counts);
  }

  /** A gallery of descriptors of one framing. */
  public Gallery(String version, Map<String, List<float[]>> people) {
    this(version, people, Map.of());
  }

  public static Gallery empty(String version) {
    return new Gallery(version, Map.of());
  }

  public String version() {
    return version;
  }

  /** The names of the enrolled people, in enrolment order, each with how many descriptors it has. */
  public Map<String, Integer> people() {
    return counts;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /**
   * The person with the nearest enrolled descriptor of any framing, and the runner-up; empty when the gallery is
   * empty.
   *
   * @throws IllegalArgumentException for a descriptor of another length than the enrolled ones
   */
  public Optional<GalleryMatch> nearest(float[] descriptor) {
    return nearest(faces.squared(descriptor), crops.squared(descriptor));
  }

  /**
   * The person nearest to a face: a face found in a photo by each of its descriptors among the enrolments of the
   * same framing, an image described whole among all.
   */
  public Optional<GalleryMatch> nearest(FaceDescription.Face face) {
    return face.box() == null ? nearest(face.descriptor())
        : nearest(faces.squared(face.descriptor()), crops.squared(face.framed()));
  }

  /**
   * Like {@link #nearest(float[])}, but empty also when the nearest person is farther than {@code maxDistance}:
   * the face is then nobody enrolled ("unknown").
   */
  public Optional<GalleryMatch> nearestWithin(float[] descriptor, double maxDistance) {
    return nearest(descriptor).filter(match -> match.distance() <= maxDistance);
  }

  private Optional<GalleryMatch> nearest(double[] toFaces, double[] toCrops) {
    int n = faces.owners.length + crops.owners.length;
    if (n == 0) {
      return Optional.empty();
    }
    String[] owners = new String[n];
    double[] squared = new double[n];
    System.arraycopy(faces.owners, 0, owners, 0, faces.owners.length);
    System.arraycopy(crops.owners, 0, owners, faces.owners.length, crops.owners.length);
    System.arraycopy(toFaces, 0, squared, 0, toFaces.length);
    System.arraycopy(toCrops, 0, squared, toFaces.length, toCrops.length);
    int best = 0;
    for (int i = 1; i < n; i++) {
      best = squared[i] < squared[best] ? i : best;
    }
    String name = owners[best];
    String runnerUp = null;
    double runnerUpSquared = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (!owners[i].equals(name) && squared[i] < runnerUpSquared) {
        runnerUpSquared = squared[i];
        runnerUp = owners[i];
      }
    }
    return Optional.of(new GalleryMatch(name, Math.sqrt(squared[best]), runnerUp,
        runnerUp == null ? Double.NaN : Math.sqrt(runnerUpSquared)));
  }
}
