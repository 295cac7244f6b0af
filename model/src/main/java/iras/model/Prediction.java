package iras.model;

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
