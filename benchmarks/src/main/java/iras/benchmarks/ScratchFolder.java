package iras.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary folder for a benchmark's model cache or data, removed with what it holds when the benchmark's JVM
 * exits: JMH forks a JVM per benchmark, and each fork would otherwise leave one behind.
 */
final class ScratchFolder {
  private ScratchFolder() {}

  static Path create(String prefix) {
    try {
      Path folder = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder in the temporary folder", e);
    }
  }

  /** Also called on a folder already removed (by its owner, before the exit hook): then there is nothing to do. */
  static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Already removed, or a temporary folder left behind for the system to clean.
    }
  }
}
