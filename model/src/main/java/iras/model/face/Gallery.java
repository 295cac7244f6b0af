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
 */
public final class Gallery {
  private final String version;
  private final Map<String, List<float[]>> people;
  /** Every descriptor's owner and values, flat, so a match is one pass over contiguous memory. */
  private final String[] owners;
  private final float[] descriptors;
  private final int length;

  /**
   * @param version names this state of the gallery (results record it)
   * @param people  each person's descriptors, all of the same length; the map and arrays are copied
   * @throws IllegalArgumentException for descriptors of different lengths
   */
  public Gallery(String version, Map<String, List<float[]>> people) {
    this.version = version;
    Map<String, List<float[]>> copy = new LinkedHashMap<>();
    List<String> ownerList = new ArrayList<>();
    List<float[]> all = new ArrayList<>();
    for (Map.Entry<String, List<float[]>> person : people.entrySet()) {
      List<float[]> own = person.getValue().stream().map(float[]::clone).toList();
      copy.put(person.getKey(), own);
      for (float[] d : own) {
        ownerList.add(person.getKey());
        all.add(d);
      }
    }
    this.people = Collections.unmodifiableMap(copy);
    this.length = all.isEmpty() ? 0 : all.get(0).length;
    this.owners = ownerList.toArray(String[]::new);
    this.descriptors = new float[owners.length * length];
    for (int i = 0; i < owners.length; i++) {
      if (all.get(i).length != length) {
        throw new IllegalArgumentException("descriptor of " + owners[i] + " has " + all.get(i).length
            + " values, others have " + length);
      }
      System.arraycopy(all.get(i), 0, descriptors, i * length, length);
    }
  }

  public static Gallery empty(String version) {
    return new Gallery(version, Map.of());
  }

  public String version() {
    return version;
  }

  /** The names of the enrolled people, in enrolment order, each with how many descriptors it has. */
  public Map<String, Integer> people() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    people.forEach((name, list) -> counts.put(name, list.size()));
    return Collections.unmodifiableMap(counts);
  }

  /** A person's descriptors (copies), empty for someone not enrolled. */
  public List<float[]> descriptors(String name) {
    return people.getOrDefault(name, List.of()).stream().map(float[]::clone).toList();
  }

  public boolean isEmpty() {
    return owners.length == 0;
  }

  /**
   * The person with the nearest enrolled descriptor, and the runner-up; empty when the gallery is empty.
   *
   * @throws IllegalArgumentException for a descriptor of another length than the enrolled ones
   */
  public Optional<GalleryMatch> nearest(float[] descriptor) {
    if (owners.length == 0) {
      return Optional.empty();
    }
    if (descriptor.length != length) {
      throw new IllegalArgumentException("descriptor has " + descriptor.length + " values, the gallery's have "
          + length);
    }
    // Squared distances: the root is taken once, for the answer.
    int best = -1;
    double bestSquared = Double.POSITIVE_INFINITY;
    double[] squared = new double[owners.length];
    for (int i = 0; i < owners.length; i++) {
      double sum = 0;
      int base = i * length;
      for (int k = 0; k < length; k++) {
        double d = descriptors[base + k] - descriptor[k];
        sum += d * d;
      }
      squared[i] = sum;
      if (sum < bestSquared) {
        bestSquared = sum;
        best = i;
      }
    }
    String name = owners[best];
    String runnerUp = null;
    double runnerUpSquared = Double.POSITIVE_INFINITY;
    for (int i = 0; i < owners.length; i++) {
      if (!owners[i].equals(name) && squared[i] < runnerUpSquared) {
        runnerUpSquared = squared[i];
        runnerUp = owners[i];
      }
    }
    return Optional.of(new GalleryMatch(name, Math.sqrt(bestSquared), runnerUp,
        runnerUp == null ? Double.NaN : Math.sqrt(runnerUpSquared)));
  }

  /**
   * Like {@link #nearest(float[])}, but empty also when the nearest person is farther than {@code maxDistance}:
   * the face is then nobody enrolled ("unknown"). The reference implementation's usual threshold is 0.6; on the
   * course's 64x64 face crops the same person can be farther than that, so the plain nearest match is the default.
   */
  public Optional<GalleryMatch> nearestWithin(float[] descriptor, double maxDistance) {
    return nearest(descriptor).filter(match -> match.distance() <= maxDistance);
  }
}
