package iras.app.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The built app as one file the instances fetch: {@code iras.jar}, its {@code lib/} and the bare-host scripts, a tar
 * (the jars are compressed already) named by its SHA-256. Entries are sorted and undated, so the same build gives the
 * same file, and {@code up} with nothing changed changes no instance.
 */
record ReleaseArtifact(Path file, String sha256) implements AutoCloseable {
  /** The bare-host scripts the instances install, from docker-free-scripts/ (packed into the app's jar). */
  static final List<String> SCRIPTS = List.of(
      "ec2-user-data.sh", "iras-worker.service", "iras-web.service", "iras-controller.service");
  private static final String SCRIPTS_RESOURCE = "/iras/app/aws/docker-free-scripts/";

  String key() {
    return "iras-" + sha256 + ".tar";
  }

  /** The folder of the running {@code iras.jar}, whose {@code lib/} holds its libraries. */
  static Path runningAppDir() throws IOException {
    try {
      Path location = Path.of(ReleaseArtifact.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location) && location.getFileName().toString().endsWith(".jar")) {
        return location.getParent();
      }
    } catch (URISyntaxException | SecurityException e) {
      // Falls through to the message below.
    }
    throw new IOException("iras aws uploads the built app: run it from app/target/iras.jar (./iras does) or give "
        + "--app-dir with the folder that holds iras.jar and lib/");
  }

  /** Packs the app into a temporary file, deleted on {@link #close()}. */
  static ReleaseArtifact pack(Path appDir) throws IOException {
    Path jar = appDir.resolve("iras.jar");
    Path lib = appDir.resolve("lib");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
      throw new IOException(appDir + " holds no built app (iras.jar and lib/): build it with mvn -DskipTests package");
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path file = Files.createTempFile("iras-release-", ".tar");
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      add(tar, "iras.jar", jar);
      List<Path> libraries;
      try (Stream<Path> files = Files.list(lib)) {
        libraries = files.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path library : libraries) {
        add(tar, "lib/" + library.getFileName(), library);
      }
      for (String script : SCRIPTS) {
        byte[] bytes = script(script);
        tar.putArchiveEntry(entry("docker-free-scripts/" + script, bytes.length));
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    return new ReleaseArtifact(file, HexFormat.of().formatHex(digest.digest()));
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }

  private static byte[] script(String name) throws IOException {
    try (InputStream in = ReleaseArtifact.class.getResourceAsStream(SCRIPTS_RESOURCE + name)) {
      if (in == null) {
        throw new IOException("the app's jar lacks " + SCRIPTS_RESOURCE + name + ": rebuild it");
      }
      return in.readAllBytes();
    }
  }

  private static void add(TarArchiveOutputStream tar, String name, Path file) throws IOException {
    tar.putArchiveEntry(entry(name, Files.size(file)));
    Files.copy(file, tar);
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry entry(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setModTime(0);
    entry.setMode(name.endsWith(".sh") ? 0755 : 0644);
    return entry;
  }
}
