package iras.model.face;

import iras.model.ModelUri;
import java.io.IOException;

/**
 * Opens the face model of a model URI: {@code face} (weights from the cache, the mirrors or the web) or
 * {@code face:<folder holding the weights>}, with options {@code detector=tiny|none} (find the face first, or
 * describe the whole image), {@code align=true|false} (crop the face as its 68 landmarks place it), {@code size=}
 * (the detector's input, a multiple of 32) and {@code score=} (the least detector score that counts as a face).
 */
public final class FaceModels {
  private FaceModels() {}

  /**
   * Loads the three nets once. Pins ND4J's threads to {@code options.threads()} first, for the whole process.
   *
   * @throws IllegalArgumentException for a URI that is not {@code face} or has options out of range
   * @throws IOException if the weights cannot be found, fetched or read; the message says what to supply
   */
  public static FaceDescriber open(ModelUri uri, FaceOptions options) throws IOException {
    throw new UnsupportedOperationException("the face nets are being built");
  }
}
