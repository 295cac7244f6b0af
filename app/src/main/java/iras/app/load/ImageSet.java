package iras.app.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** The images a load run sends: the first N of a folder in name order, or a random sample of N. */
public final class ImageSet {
  private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".bmp", ".gif");

  private ImageSet() {}

  /**
   * @param requests how many to send, null for one per image; more than the folder holds cycles through it again
   * @param seed for {@code random}, so a run can be repeated exactly
   */
  public static List<Path> choose(Path folder, Integer requests, boolean random, long seed) throws IOException {
    List<Path> all;
    try (Stream<Path> files = Files.list(folder)) {
      all = files.filter(ImageSet::isImage).sorted().toList();
    }
    if (all.isEmpty()) {
      throw new IOException("no JPEG, PNG, BMP or GIF files in " + folder);
    }
    List<Path> order = new ArrayList<>(all);
    if (random) {
      Collections.shuffle(order, new Random(seed));
    }
    int count = requests != null ? requests : all.size();
    List<Path> chosen = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      chosen.add(order.get(i % order.size()));
    }
    return chosen;
  }

  public static String baseName(Path image) {
    return baseName(image.getFileName().toString());
  }

  static String baseName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(name::endsWith);
  }
}
