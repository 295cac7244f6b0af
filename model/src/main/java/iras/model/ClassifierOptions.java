package iras.model;

import iras.model.labels.ImageNetLabels;
import java.nio.file.Path;
import java.util.List;

/**
 * How to load a classifier.
 *
 * @param cacheDir where downloaded models are kept
 * @param mirrors  local directories or base URLs tried, in order, before a model's own URL
 * @param md5      expected checksum of the model file, or null to use the known one (if any)
 * @param labels   which ImageNet display names to report
 * @param threads  ND4J compute threads for this process
 */
public record ClassifierOptions(Path cacheDir, List<String> mirrors, String md5, ImageNetLabels labels,
                                int threads) {

  public ClassifierOptions {
    mirrors = List.copyOf(mirrors);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }

  /** Synset labels, one thread, no mirrors. */
  public static ClassifierOptions defaults(Path cacheDir) {
    return new ClassifierOptions(cacheDir, List.of(), null, ImageNetLabels.SYNSET, 1);
  }

  public ClassifierOptions withMirrors(List<String> mirrors) {
    return new ClassifierOptions(cacheDir, mirrors, md5, labels, threads);
  }

  public ClassifierOptions withMd5(String md5) {
    return new ClassifierOptions(cacheDir, mirrors, md5, labels, threads);
  }

  public ClassifierOptions withLabels(ImageNetLabels labels) {
    return new ClassifierOptions(cacheDir, mirrors, md5, labels, threads);
  }

  public ClassifierOptions withThreads(int threads) {
    return new ClassifierOptions(cacheDir, mirrors, md5, labels, threads);
  }
}
