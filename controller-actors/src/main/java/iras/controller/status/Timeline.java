package iras.controller.status;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The scaling timeline as CSV, for plots: a row per queue sample whenever a figure changed (and at least once a
 * minute while nothing does), and a row per instance event (launch, ready, stop, stopped, failed, adopt).
 */
public final class Timeline implements AutoCloseable {
  public static final String HEADER = "time,elapsed_s,event,instance,visible,in_flight,desired,active,live,idle,busy";
  private static final Duration QUIET_ROW_EVERY = Duration.ofMinutes(1);
  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** The fleet's figures at one moment. */
  public record Figures(int visible, int inFlight, int desired, int active, int live, int idle, int busy) {}

  private final Path file;
  private final BufferedWriter out;
  private final Instant start;
  private Figures lastSampled;
  private Instant lastSampleRow = Instant.EPOCH;

  private Timeline(Path file, Instant start) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    this.file = file;
    this.start = start;
    this.out = Files.newBufferedWriter(file);
    out.write(HEADER);
    out.newLine();
    out.flush();
  }

  /** A new timeline file under {@code dir}, named for the deployment and the start time (UTC). */
  public static Timeline startIn(Path dir, String deployment) throws IOException {
    Instant now = Instant.now();
    return new Timeline(dir.resolve(deployment + "-" + FILE_STAMP.format(now) + ".csv"), now);
  }

  public static Timeline at(Path file) throws IOException {
    return new Timeline(file, Instant.now());
  }

  public Path file() {
    return file;
  }

  public synchronized void sample(Instant at, Figures figures) {
    if (figures.equals(lastSampled) && at.isBefore(lastSampleRow.plus(QUIET_ROW_EVERY))) {
      return;
    }
    lastSampled = figures;
    lastSampleRow = at;
    row(at, "sample", "", figures);
  }

  /** An instance event, with the fleet's figures as they stand. */
  public synchronized void event(Instant at, String event, String instance, Figures figures) {
    row(at, event, instance, figures);
  }

  private void row(Instant at, String event, String instance, Figures f) {
    String elapsed = String.format(Locale.ROOT, "%.3f", Duration.between(start, at).toMillis() / 1000.0);
    List<Object> cells = List.of(at, elapsed, event, instance, f.visible(), f.inFlight(), f.desired(), f.active(),
        f.live(), f.idle(), f.busy());
    try {
      out.write(String.join(",", cells.stream().map(String::valueOf).toList()));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the timeline " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
