package iras.model.face;

import java.util.List;

/** Distances of same-person and different-person pairs as a text histogram, in bins of 0.05. */
final class DistanceHistogram {
  private static final double BIN = 0.05;
  private static final int BINS = 30;

  private DistanceHistogram() {}

  static String of(List<Double> same, List<Double> different) {
    int[] s = counts(same);
    int[] d = counts(different);
    StringBuilder out = new StringBuilder(String.format("%-11s %5s %5s  (same: #, different: .)%n", "distance",
        "same", "diff"));
    int widest = 1;
    for (int i = 0; i < BINS; i++) {
      widest = Math.max(widest, Math.max(s[i], d[i]));
    }
    for (int i = 0; i < BINS; i++) {
      if (s[i] + d[i] == 0) {
        continue;
      }
      out.append(String.format("%.2f-%.2f  %5d %5d  %s%s%n", i * BIN, (i + 1) * BIN, s[i], d[i],
          "#".repeat(bar(s[i], widest)), ".".repeat(bar(d[i], widest))));
    }
    out.append(String.format("same: %d pairs, %.3f to %.3f; different: %d pairs, %.3f to %.3f", same.size(),
        min(same), max(same), different.size(), min(different), max(different)));
    return out.toString();
  }

  private static int[] counts(List<Double> distances) {
    int[] counts = new int[BINS];
    for (double d : distances) {
      counts[Math.min(BINS - 1, (int) (d / BIN))]++;
    }
    return counts;
  }

  private static int bar(int count, int widest) {
    return count == 0 ? 0 : Math.max(1, Math.round(40f * count / widest));
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
