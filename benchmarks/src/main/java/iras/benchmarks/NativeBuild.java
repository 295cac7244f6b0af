package iras.benchmarks;

/**
 * Chooses which build of libnd4j a benchmark fork loads. All builds are on the benchmarks' classpath; JavaCPP picks
 * the one named by its platform extension, which must be set before ND4J's first use in the fork.
 */
final class NativeBuild {
  static final String DEFAULT = "default";

  private NativeBuild() {}

  /** @param build {@code default}, {@code avx512}, {@code onednn} or {@code onednn-avx512} */
  static void select(String build) {
    System.setProperty("org.bytedeco.javacpp.platform.extension", DEFAULT.equals(build) ? "" : "-" + build);
  }
}
