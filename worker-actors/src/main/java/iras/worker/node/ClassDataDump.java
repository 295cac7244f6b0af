package iras.worker.node;

import iras.core.fleet.WorkerControl;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this JVM's class-data archive where its fleet asked ({@link WorkerControl#CLASS_DATA_DUMP}), so the workers
 * started after it map their classes instead of loading them. Called once warmed up: the archive holds the classes
 * loaded so far. A worker without an archive works as well, only its start costs more, so a failure here is logged
 * and nothing else.
 */
final class ClassDataDump {
  private static final Logger log = LoggerFactory.getLogger(ClassDataDump.class);
  /** Archives of earlier builds kept beside the newest, for checkouts used side by side. */
  private static final int KEEP = 3;

  private ClassDataDump() {}

  static void writeIfAsked() {
    String target = System.getProperty(WorkerControl.CLASS_DATA_DUMP);
    if (target == null || Files.exists(Path.of(target))) {
      return; // not asked, or another worker of the same build wrote it meanwhile
    }
    Path archive = Path.of(target);
    // Workers warming up together each write their own file; the complete one that lands last is the archive.
    Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
    long started = System.nanoTime();
    try {
      ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "vmCds", new Object[] {new String[] {"dynamic_dump", partial.toString()}},
          new String[] {String[].class.getName()});
      if (!Files.isRegularFile(partial)) {
        throw new IOException("the JVM wrote no archive");
      }
      Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      log.info("class-data archive {} written in {} ms: the next workers start from it", archive.getFileName(),
          (System.nanoTime() - started) / 1_000_000);
      removeOlderThanNewest(archive.getParent());
    } catch (JMException | IOException | RuntimeException e) {
      log.warn("no class-data archive for the next workers ({}); they start without one", e.toString());
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // a leftover partial file is harmless: it is never mapped
      }
    }
  }

  private static void removeOlderThanNewest(Path folder) throws IOException {
    List<Path> archives;
    try (Stream<Path> files = Files.list(folder)) {
      archives = files.filter(f -> f.getFileName().toString().matches("worker-[0-9a-f]+\\.jsa"))
          .sorted(Comparator.comparing(ClassDataDump::modified).reversed())
          .toList();
    }
    for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
      Files.deleteIfExists(old);
    }
    // Left by a worker killed while writing; one still being written is younger than this.
    long stale = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path partial : files.filter(f -> f.toString().endsWith(".partial")).toList()) {
        if (modified(partial) < stale) {
          Files.deleteIfExists(partial);
        }
      }
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0; // gone meanwhile: first to be removed
    }
  }
}
