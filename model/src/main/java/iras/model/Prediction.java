package iras.model;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

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
    return of(IntStream.range(0, scores.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> scores[c]).reversed())
        .limit(n)
        .map(c -> new Guess(labels.get(c), scores[c]))
        .toList());
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
