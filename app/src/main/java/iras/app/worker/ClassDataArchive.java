package iras.app.worker;

import iras.core.fleet.WorkerControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The class-data archive (AppCDS) local workers start from. A worker JVM loads and links some 10,000 classes (the
 * SDK, Pekko, the runtime's bindings) before it serves; mapped from an archive instead, its start to the warmed-up
 * pool costs a fifth less CPU (docs/PERFORMANCE.md, "Worker start"), which every process start pays. An archive is
 * valid only for the JVM and the exact jars that wrote it, so it is made on this machine: named by a digest of both,
 * written by the first pooled worker that finds none (after its warm-up, when the classes it serves with are loaded),
 * and mapped by the workers started after that. A JVM that cannot use one starts as it would without it.
 */
final class ClassDataArchive {
  private ClassDataArchive() {}

  /** @return the options that start a worker from the archive, or ask it to write one; none if it cannot have one */
  static List<String> jvmOptions(Path folder, List<Path> classPath) {
    // The JVM archives classes from jars only, and refuses to write an archive for a class path with a folder in it.
    if (classPath.isEmpty() || !classPath.stream().allMatch(Files::isRegularFile)) {
      return List.of();
    }
    Path archive;
    try {
      archive = folder.resolve("worker-" + digest(classPath) + ".jsa");
      Files.createDirectories(folder);
    } catch (IOException e) {
      return List.of(); // slower starts, not a failure
    }
    // A worker's log is for its own work; only the archive's errors belong there.
    String quiet = "-Xlog:cds*=error";
    if (Files.isRegularFile(archive)) {
      return List.of("-XX:SharedArchiveFile=" + archive, quiet);
    }
    return List.of("-XX:+RecordDynamicDumpInfo", quiet, "-D" + WorkerControl.CLASS_DATA_DUMP + "=" + archive);
  }

  private static String digest(List<Path> classPath) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version") + "\n")
          .getBytes(StandardCharsets.UTF_8));
      for (Path jar : classPath) {
        // The jar's size and time change with every build; the libraries it names change its manifest.
        String entry = jar + "\t" + Files.size(jar) + "\t" + Files.getLastModifiedTime(jar).toMillis() + "\n";
        sha.update(entry.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
