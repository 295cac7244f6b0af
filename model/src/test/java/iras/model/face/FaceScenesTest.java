package iras.model.face;

import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.model.ModelUri;
import iras.model.SharedFiles;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's faces enrolled from their 64x64 crops are named in 640x480 scenes where they appear at twice and
 * three times that size, alone or two to a scene, at random (seeded) places on a few backgrounds: flat, a gradient,
 * noise and photos without a face.
 */
class FaceScenesTest {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;

  @TempDir
  Path temp;

  private record Scene(byte[] jpeg, List<String> people) {}

  @Test
  void facesAtTwiceAndThreeTimesTheirSizeAreNamedAloneAndInPairs() throws Exception {
    List<String> names = new ArrayList<>();
    List<byte[]> originals = new ArrayList<>();
    for (String line : Files.readAllLines(SharedFiles.faceImages(100).resolve("results.csv")).subList(1, 11)) {
      String[] fields = line.split(",");
      names.add(fields[1]);
      originals.add(Files.readAllBytes(SharedFiles.faceImages(100).resolve("images/" + fields[0] + ".jpg")));
    }
    List<Supplier<BufferedImage>> backgrounds = backgrounds();
    Random random = new Random(20);
    List<Scene> alone = new ArrayList<>();
    List<Scene> pairs = new ArrayList<>();
    for (int times = 2; times <= 3; times++) {
      for (int i = 0; i < names.size(); i++) {
        BufferedImage face = ImageIO.read(new ByteArrayInputStream(originals.get(i)));
        BufferedImage scene = backgrounds.get((i + times) % backgrounds.size()).get();
        paste(scene, face, times, random.nextInt(WIDTH - 64 * times), random.nextInt(HEIGHT - 64 * times));
        alone.add(new Scene(jpeg(scene), List.of(names.get(i))));

        int j = (i + 1 + times) % names.size();
        BufferedImage two = backgrounds.get((i + times + 1) % backgrounds.size()).get();
        int side = 64 * times;
        // One face in each half, so they never overlap.
        paste(two, face, times, random.nextInt(WIDTH / 2 - side), random.nextInt(HEIGHT - side));
        paste(two, ImageIO.read(new ByteArrayInputStream(originals.get(j))), times,
            WIDTH / 2 + random.nextInt(WIDTH / 2 - side), random.nextInt(HEIGHT - side));
        pairs.add(new Scene(jpeg(two), List.of(names.get(i), names.get(j))));
      }
    }
    try (FaceDescriber describer = FaceModels.open(ModelUri.parse("face").withLocation(
        SharedFiles.faceApi().toString()), FaceOptions.defaults(temp))) {
      Map<String, List<float[]>> people = new LinkedHashMap<>();
      List<FaceDescription> enrolled = describer.describe(originals);
      for (int i = 0; i < names.size(); i++) {
        people.computeIfAbsent(names.get(i), n -> new ArrayList<>()).add(enrolled.get(i).descriptor());
      }
      Gallery gallery = new Gallery("ten", Map.of(), people);
      int faces = 0;
      int right = 0;
      int bothNamed = 0;
      List<Scene> scenes = new ArrayList<>(alone);
      scenes.addAll(pairs);
      List<FaceDescription> described = describe(describer, scenes);
      for (int k = 0; k < scenes.size(); k++) {
        Set<String> named = named(gallery, described.get(k), describer.unknownBeyond());
        List<String> expected = scenes.get(k).people;
        System.out.printf("%s: %s%n", expected, explain(gallery, described.get(k)));
        faces += expected.size();
        right += (int) expected.stream().filter(named::contains).count();
        long known = described.get(k).faces().stream()
            .filter(f -> gallery.nearest(f).orElseThrow().distance() <= describer.unknownBeyond()).count();
        bothNamed += expected.size() == 2 && known >= 2 && named.containsAll(expected) ? 1 : 0;
      }
      System.out.printf("scenes: %d of %d faces named right; %d of %d two-face scenes with both faces named%n",
          right, faces, bothNamed, pairs.size());
      assertTrue(right >= 0.9 * faces, right + " of " + faces + " faces named right");
      assertTrue(bothNamed >= 0.9 * pairs.size(), bothNamed + " of " + pairs.size() + " pairs both named");
    }
  }

  /** Batches of five, as a worker's batches come. */
  private static List<FaceDescription> describe(FaceDescriber describer, List<Scene> scenes) {
    List<FaceDescription> all = new ArrayList<>();
    for (int from = 0; from < scenes.size(); from += 5) {
      all.addAll(describer.describe(scenes.subList(from, Math.min(scenes.size(), from + 5)).stream()
          .map(Scene::jpeg).toList()));
    }
    return all;
  }

  /** The names given to the faces of a scene; "unknown" for a face beyond the distance. */
  private static Set<String> named(Gallery gallery, FaceDescription d, double beyond) {
    return d.faces().stream().map(f -> gallery.nearest(f).orElseThrow())
        .map(m -> m.distance() <= beyond ? m.name() : "unknown")
        .collect(Collectors.toSet());
  }

  private static String explain(Gallery gallery, FaceDescription d) {
    return d.faces().stream().map(f -> {
      GalleryMatch m = gallery.nearest(f).orElseThrow();
      return String.format("%s %.3f (%s %.3f) %s", m.name(), m.distance(), m.runnerUp(), m.runnerUpDistance(),
          f.box() == null ? "whole" : String.format("%.0fx%.0f %.2f", f.box().width(), f.box().height(),
              f.box().score()));
    }).collect(Collectors.joining("; "));
  }

  private static List<Supplier<BufferedImage>> backgrounds() throws IOException {
    List<Supplier<BufferedImage>> backgrounds = new ArrayList<>();
    backgrounds.add(() -> filled(g -> {
      g.setColor(new Color(128, 128, 128));
      g.fillRect(0, 0, WIDTH, HEIGHT);
    }));
    backgrounds.add(() -> filled(g -> {
      g.setPaint(new GradientPaint(0, 0, new Color(30, 60, 120), WIDTH, HEIGHT, new Color(230, 210, 160)));
      g.fillRect(0, 0, WIDTH, HEIGHT);
    }));
    backgrounds.add(() -> {
      Random noise = new Random(7);
      BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < HEIGHT; y++) {
        for (int x = 0; x < WIDTH; x++) {
          image.setRGB(x, y, noise.nextInt(0x1000000));
        }
      }
      return image;
    });
    for (String photo : List.of("eagle.jpg", "dog.jpg")) {
      BufferedImage read = ImageIO.read(SharedFiles.photo(photo).toFile());
      backgrounds.add(() -> filled(g -> g.drawImage(read, 0, 0, WIDTH, HEIGHT, null)));
    }
    return backgrounds;
  }

  private static BufferedImage filled(java.util.function.Consumer<Graphics2D> paint) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    paint.accept(g);
    g.dispose();
    return image;
  }

  private static void paste(BufferedImage scene, BufferedImage face, int times, int x, int y) {
    Graphics2D g = scene.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(face, x, y, face.getWidth() * times, face.getHeight() * times, null);
    g.dispose();
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}
