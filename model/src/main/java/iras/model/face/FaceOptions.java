package iras.model.face;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the face weights come from and how the pipeline runs; what it does (detector, alignment, sizes) is
 * chosen by the model URI's options.
 *
 * @param cacheDir where downloaded weights are kept
 * @param mirrors  local directories or base URLs tried, in order, before the weights' own URL; a directory may
 *                 hold the files directly or in {@code face-api/}
 * @param threads  ND4J compute threads for this process
 * @param unknownBeyond the deployment's distance beyond which a face is nobody enrolled, or NaN for the model's
 *     default; a model URI's {@code unknown-beyond=} takes precedence
 */
public record FaceOptions(Path cacheDir, List<String> mirrors, int threads, double unknownBeyond) {

  public FaceOptions {
    mirrors = List.copyOf(mirrors);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (unknownBeyond <= 0) {
      throw new IllegalArgumentException("the distance beyond which a face is unknown must be above 0, was "
          + unknownBeyond);
    }
  }

  /** No mirrors, one thread, the model's own distance for unknown faces. */
  public static FaceOptions defaults(Path cacheDir) {
    return new FaceOptions(cacheDir, List.of(), 1, Double.NaN);
  }

  public FaceOptions withMirrors(List<String> mirrors) {
    return new FaceOptions(cacheDir, mirrors, threads, unknownBeyond);
  }

  public FaceOptions withThreads(int threads) {
    return new FaceOptions(cacheDir, mirrors, threads, unknownBeyond);
  }

  public FaceOptions withUnknownBeyond(double unknownBeyond) {
    return new FaceOptions(cacheDir, mirrors, threads, unknownBeyond);
  }
}
