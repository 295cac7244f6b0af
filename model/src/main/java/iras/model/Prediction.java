package iras.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The result for one image of a batch: the five most probable classes, best first, or why the image could not
 * be classified. Exactly one of the two is present.
 */
public record Prediction(List<Guess> top5, String error) {

  public Prediction {
    top5 = top5 == null ? List.of() : List.copyOf(top5);
    if (top5.isEmpty() == (error == null)) {
      throw new IllegalArgumentException("a prediction has either guesses or an error");
    }
  }

  public static Prediction of(List<Guess> top5) {
    return new Prediction(top5, null);
  }

  /** The {@code n} best-scored labels, best first; {@code scores[i]} is the probability of {@code labels.get(i)}. */
  public static Prediction top(float[] scores, List<String> labels, int n) {
    // n passes of a selection: for five of a thousand classes, cheaper than sorting them all.
    boolean[] taken = new boolean[scores.length];
    List<Guess> best = new ArrayList<>(n);
    for (int k = 0; k < Math.min(n, scores.length); k++) {
      int top = -1;
      for (int c = 0; c < scores.length; c++) {
        if (!taken[c] && (top < 0 || scores[c] > scores[top])) {
          top = c;
        }
      }
      taken[top] = true;
      best.add(new Guess(labels.get(top), scores[top]));
    }
    return of(best);
  }

  public static Prediction failed(String error) {
    return new Prediction(List.of(), error);
  }

  public boolean ok() {
    return error == null;
  }

  /** The most probable class; only for a successful prediction. */
  public Guess best() {
    if (!ok()) {
      throw new IllegalStateException("image was not classified: " + error);
    }
    return top5.get(0);
  }
}
