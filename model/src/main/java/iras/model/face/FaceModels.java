package iras.model.face;

import iras.model.ModelUri;
import iras.model.dl4j.Nd4jThreads;
import iras.model.source.ModelResolver;
import iras.model.source.ModelUnavailableException;
import iras.model.tfjs.TfjsWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens the face model of a model URI: {@code face} (weights from the cache, the mirrors or the web) or
 * {@code face:<folder holding the weights>}, with options {@code detector=tiny|none} (find the face first, or
 * describe the whole image), {@code align=true|false} (crop the face where its 68 landmarks place it, or the
 * detected box), {@code size=} (the detector's input side, a multiple of 32 from 128 to 608, or an ascending comma-separated
 * list of them: each larger one is also run on an image with that many pixels, and the boxes merged) and {@code score=}
 * (detections scoring this or less are not faces) and {@code whole-below=} (an image whose longer side is shorter
 * than this many pixels is taken for a face crop and described whole, without looking for a face; 0 looks in every
 * image) and {@code unknown-beyond=} (a face farther than this from every enrolled descriptor is nobody enrolled).
 */
public final class FaceModels {
  /**
   * Images under 160 px, the detector's own input, are face crops such as the course's 64x64 images: on them the
   * detector's box moves with a flip or a shift, and whole-image descriptors match such copies better.
   */
  static final int DEFAULT_WHOLE_BELOW = 160;
  /**
   * The detector's input sides: 160 finds a face that fills much of the image, as the reference's default does; the
   * larger inputs, used on images with that many pixels, find faces small in a photo (full length, on a stage).
   */
  /**
   * A face farther than this from every enrolled descriptor is nobody enrolled: chosen from the distances of
   * same-person and different-person pairs measured on real photos and the course's faces (docs/MODELS.md).
   */
  static final double DEFAULT_UNKNOWN_BEYOND = 0.6;
  static final String DEFAULT_SIZES = "160,320,608";
  /** face-api's weights at a fixed commit (MIT), with their md5 checksums. */
  public static final String BASE_URL =
      "https://github.com/vladmandic/face-api/raw/ad61f77ea2962809bed52b5b18966fea80ab1273/model/";
  private static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("tiny_face_detector_model-weights_manifest.json", "862f9faaeb421d87a569666df52b84d2");
    FILES.put("tiny_face_detector_model.bin", "2e48b20953b0c59df47459d0319843a0");
    FILES.put("face_landmark_68_model-weights_manifest.json", "5d083f3f330b61925025ec8d81361db7");
    FILES.put("face_landmark_68_model.bin", "124304f06e07fcf928290ff776e96141");
    FILES.put("face_recognition_model-weights_manifest.json", "1b056fd5dd4ddc1b83edc726a32c973e");
    FILES.put("face_recognition_model.bin", "b3de953de785a39831af6c0cbff5e4f9");
  }

  private FaceModels() {}

  /**
   * Loads the three nets once. Pins ND4J's threads to {@code options.threads()} first, for the whole process.
   *
   * @throws IllegalArgumentException for a URI that is not {@code face} or has options out of range
   * @throws IOException if the weights cannot be found, fetched or read; the message says what to supply
   */
  public static FaceDescriber open(ModelUri uri, FaceOptions options) throws IOException {
    return open(uri, options, BASE_URL);
  }

  /** As {@link #open(ModelUri, FaceOptions)}, downloading from another place than the weights' own. */
  static FaceDescriber open(ModelUri uri, FaceOptions options, String baseUrl) throws IOException {
    if (!uri.source().equals("face")) {
      throw new IllegalArgumentException("model \"" + uri + "\" is not a face model (face or face:<folder>)");
    }
    FacePipeline.Settings settings = settings(uri, options.unknownBeyond());
    Map<String, Path> files = resolve(uri.location(), options, baseUrl);
    Nd4jThreads.pin(options.threads());
    return new FacePipeline(settings,
        new TinyFaceDetector(weights(files, "tiny_face_detector_model")),
        new LandmarkNet(weights(files, "face_landmark_68_model")),
        new RecognitionNet(weights(files, "face_recognition_model")));
  }

  /** @param unknownBeyond the deployment's distance for unknown faces, or NaN for the default */
  static FacePipeline.Settings settings(ModelUri uri, double unknownBeyond) {
    String detector = uri.option("detector").orElse("tiny");
    if (!detector.equals("tiny") && !detector.equals("none")) {
      throw new IllegalArgumentException("face option detector=" + detector + " is not tiny or none");
    }
    boolean align = bool(uri, "align", true);
    List<Integer> sizes = sizes(uri.option("size").orElse(DEFAULT_SIZES));
    double score = fraction(uri, "score", "0.5");
    if (score >= 1) {
      throw new IllegalArgumentException("face option score=" + uri.option("score").orElse("")
          + " is not a number from 0 to below 1");
    }
    double beyond = fraction(uri, "unknown-beyond",
        String.valueOf(Double.isNaN(unknownBeyond) ? DEFAULT_UNKNOWN_BEYOND : unknownBeyond));
    if (beyond == 0) {
      throw new IllegalArgumentException("face option unknown-beyond=0 would make every face unknown");
    }
    int wholeBelow = number(uri, "whole-below", DEFAULT_WHOLE_BELOW);
    if (wholeBelow < 0) {
      throw new IllegalArgumentException("face option whole-below=" + wholeBelow + " is below 0");
    }
    boolean detect = detector.equals("tiny");
    return new FacePipeline.Settings(detect, detect && align, sizes, score, wholeBelow, beyond);
  }

  private static List<Integer> sizes(String value) {
    List<Integer> sizes = new ArrayList<>();
    for (String each : value.split(",", -1)) {
      int size;
      try {
        size = Integer.parseInt(each.trim());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 128 || size > 608 || size % 32 != 0 || (!sizes.isEmpty() && size <= sizes.get(sizes.size() - 1))) {
        throw new IllegalArgumentException("face option size=" + value + " is not a multiple of 32 from 128 to 608"
            + " or an ascending list of them, comma-separated");
      }
      sizes.add(size);
    }
    return sizes;
  }

  /** A number from 0, as the option names it. */
  private static double fraction(ModelUri uri, String name, String otherwise) {
    String value = uri.option(name).orElse(otherwise);
    double number;
    try {
      number = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      number = Double.NaN;
    }
    if (!(number >= 0) || Double.isInfinite(number)) {
      throw new IllegalArgumentException("face option " + name + "=" + value + " is not a number from 0");
    }
    return number;
  }

  private static boolean bool(ModelUri uri, String name, boolean otherwise) {
    String value = uri.option(name).orElse(String.valueOf(otherwise));
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("face option " + name + "=" + value + " is not true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static int number(ModelUri uri, String name, int otherwise) {
    String value = uri.option(name).orElse(String.valueOf(otherwise));
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("face option " + name + "=" + value + " is not a whole number");
    }
  }

  private static TfjsWeights weights(Map<String, Path> files, String model) throws IOException {
    return TfjsWeights.read(files.get(model + "-weights_manifest.json"), name -> {
      if (!FILES.containsKey(name)) {
        throw new IllegalArgumentException(model + "'s manifest names an unknown weights file " + name);
      }
      return files.get(name);
    });
  }

  /**
   * Each file from the folder when one is given, else from the cache, the mirrors (holding the files directly or
   * in {@code face-api/}) or the web; every copy md5-checked. All missing files are named in one line.
   */
  private static Map<String, Path> resolve(String folder, FaceOptions options, String baseUrl)
      throws ModelUnavailableException {
    List<String> mirrors = new ArrayList<>();
    for (String mirror : options.mirrors()) {
      mirrors.add(mirror);
      mirrors.add(mirror.endsWith("/") ? mirror + "face-api" : mirror + "/face-api");
    }
    ModelResolver resolver = new ModelResolver(options.cacheDir(), mirrors);
    Map<String, Path> found = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> file : FILES.entrySet()) {
      String location = folder.isEmpty() ? baseUrl + file.getKey() : Path.of(folder, file.getKey()).toString();
      try {
        found.put(file.getKey(), resolver.resolve(location, file.getValue()));
      } catch (ModelUnavailableException e) {
        missing.add(file.getKey());
      }
    }
    if (!missing.isEmpty()) {
      throw new ModelUnavailableException(folder.isEmpty()
          ? "face model files " + String.join(", ", missing) + " are not in the cache " + options.cacheDir()
              + " or the mirrors " + options.mirrors() + " and could not be downloaded from " + baseUrl
              + " (offline?); put them (md5-checked) in the cache, or set IRAS_MODEL_MIRROR to a folder holding"
              + " them, or IRAS_MODEL=face:<folder holding them>"
          : "face model files " + String.join(", ", missing) + " are missing or damaged in "
              + Path.of(folder).toAbsolutePath() + " (md5-checked); copy them there from " + BASE_URL);
    }
    return found;
  }
}
