package iras.localcloud;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each queue's MaximumMessageSize, which ElasticMQ 1.7 neither keeps nor enforces. Kept in a file beside the durable
 * queues, rewritten whole at each change (queues are made and changed a few times per process), so that a restart
 * finds the limits its queues were given.
 */
final class MessageSizeLimits {
  /** SQS's bounds for the attribute; the largest is also a queue's value when it was given none. */
  static final int SMALLEST_ALLOWED = 1024;

  static final int LARGEST_ALLOWED = 262_144;

  private final Optional<Path> file;
  private final Map<String, Integer> byQueue = new ConcurrentHashMap<>();
  private volatile int smallest = LARGEST_ALLOWED;

  private MessageSizeLimits(Optional<Path> file) {
    this.file = file;
  }

  static MessageSizeLimits inMemory() {
    return new MessageSizeLimits(Optional.empty());
  }

  /** The limits stored in {@code file}, which is created at the first change. */
  static MessageSizeLimits storedIn(Path file) throws IOException {
    MessageSizeLimits limits = new MessageSizeLimits(Optional.of(file));
    if (Files.exists(file)) {
      Properties stored = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        stored.load(in);
      }
      stored.forEach((queue, bytes) -> limits.byQueue.put((String) queue, Integer.valueOf((String) bytes)));
      limits.smallest = limits.byQueue.values().stream().reduce(LARGEST_ALLOWED, Math::min);
    }
    return limits;
  }

  /** @return the size in bytes if {@code value} is one SQS accepts for MaximumMessageSize */
  static OptionalInt parse(String value) {
    try {
      int bytes = Integer.parseInt(value.strip());
      return bytes >= SMALLEST_ALLOWED && bytes <= LARGEST_ALLOWED ? OptionalInt.of(bytes) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The longest message {@code queue} takes, in bytes. */
  int of(String queue) {
    return byQueue.getOrDefault(queue, LARGEST_ALLOWED);
  }

  /** The smallest limit of any queue: a call no longer than this cannot carry a message too long for its queue. */
  int smallest() {
    return smallest;
  }

  synchronized void set(String queue, int bytes) {
    if (bytes == LARGEST_ALLOWED) {
      forget(queue);
    } else if (!Integer.valueOf(bytes).equals(byQueue.put(queue, bytes))) {
      changed();
    }
  }

  synchronized void forget(String queue) {
    if (byQueue.remove(queue) != null) {
      changed();
    }
  }

  private void changed() {
    smallest = byQueue.values().stream().reduce(LARGEST_ALLOWED, Math::min);
    if (file.isEmpty()) {
      return;
    }
    Properties stored = new Properties();
    byQueue.forEach((queue, bytes) -> stored.setProperty(queue, bytes.toString()));
    Path target = file.get();
    Path next = target.resolveSibling(target.getFileName() + ".next");
    try {
      try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
        stored.store(out, "MaximumMessageSize of each queue that has one, in bytes");
      }
      // Whole or not at all: a crash mid-write must not lose the limits of the other queues.
      Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the queues' message size limits in " + target, e);
    }
  }
}
