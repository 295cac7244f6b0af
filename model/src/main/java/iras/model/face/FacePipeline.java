package iras.model.face;

import iras.model.image.UndecodableImageException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The face pipeline as face-api's detectAllFaces → withFaceLandmarks → withFaceDescriptors runs it, at several
 * detector scales: the tiny detector at each input side the image needs, its boxes merged across scales by
 * non-maximum suppression, then for every face its 68 landmarks on the detected box, the crop placed by the eyes
 * and mouth (dlib's alignment) and the descriptor of that crop; without a face at any scale, the descriptor of the
 * whole image. The detector runs on one image a pass, the landmark and recognition nets on up to eight crops of any
 * of the batch's images. Safe to share: calls are serialised.
 */
final class FacePipeline implements FaceDescriber {

  /**
   * @param detect   look for faces first (else describe the whole image)
   * @param align    crop each face where its landmarks place it (else the detected box)
   * @param sizes    the detector's input sides, ascending: the first is run on every image, each further one on an
   *     image whose longer side has at least as many pixels (a larger input finds smaller faces, and there is no
   *     gain in blowing an image up beyond its own pixels)
   * @param minScore detections scoring this or less are not faces
   * @param wholeBelow an image whose longer side is shorter than this many source pixels is taken for a face crop
   *     and described whole: scaled up to the detector's input, such an image makes its box, and so the aligned
   *     crop, swing with a flip or a few pixels' shift (0: detect in every image, as the reference does)
   * @param unknownBeyond the distance from every enrolled descriptor beyond which a face is nobody enrolled
   */
  record Settings(boolean detect, boolean align, List<Integer> sizes, double minScore, int wholeBelow,
                  double unknownBeyond) {
    Settings {
      sizes = List.copyOf(sizes);
      if (sizes.isEmpty()) {
        throw new IllegalArgumentException("the detector needs at least one input size");
      }
    }
  }

  /**
   * One face's outcome; {@code face} null when the whole image was described, {@code landmarks} (x0, y0, x1, … in
   * the image's pixels) only when aligned on them.
   */
  record Found(float[] descriptor, float[] framed, FaceBox face, double[] landmarks) {}

  /** One image's faces, most prominent (largest, then most confident) first; one without a box when none. */
  record Analysis(List<Found> faces) {
    FaceBox face() {
      return faces.get(0).face();
    }

    float[] descriptor() {
      return faces.get(0).descriptor();
    }

    double[] landmarks() {
      return faces.get(0).landmarks();
    }
  }

  /** The detector's output for one image: a square of cells, each with its boxes' values. */
  private record Grid(int cells, float[] values) {}

  /** An integer rectangle inside an image. */
  private record Rect(int x, int y, int width, int height) {}

  /** Which image of the batch a face belongs to, and where in that image it is. */
  private record Located(int image, FaceBox box) {}

  private static final double IOU_ACROSS_SCALES = 0.4;
  /** Scales box the same face differently: a box mostly inside a more confident one is the same face. */
  private static final double INSIDE_ACROSS_SCALES = 0.6;
  /**
   * Where every array of a forward pass lives. Outside a workspace each op's output is off-heap memory that only a
   * garbage collection gives back, and the small Java objects that hold it rarely bring one: face workers grew to
   * 2.3 GB resident. In it, a pass reuses the memory the last one used, grown once to what the largest pass needs.
   * One per thread: the worker runs its passes on one.
   */
  private static final WorkspaceConfiguration PASSES = WorkspaceConfiguration.builder()
      .initialSize(0)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .overallocationLimit(0.1)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.REALLOCATE)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .build();

  static final String PASSES_ID = "iras-face-passes";

  /** The most crops the landmark or the recognition net takes in one pass, so that a pass's memory is bounded. */
  private static final int IMAGES_PER_PASS = 8;

  private static final Comparator<FaceBox> PROMINENCE =
      Comparator.comparingDouble((FaceBox b) -> b.width() * b.height()).thenComparingDouble(FaceBox::score)
          .reversed();

  private final Settings settings;
  private final TinyFaceDetector detector;
  private final LandmarkNet landmarkNet;
  private final RecognitionNet recognitionNet;

  FacePipeline(Settings settings, TinyFaceDetector detector, LandmarkNet landmarkNet,
               RecognitionNet recognitionNet) {
    this.settings = settings;
    this.detector = detector;
    this.landmarkNet = landmarkNet;
    this.recognitionNet = recognitionNet;
  }

  @Override
  public double unknownBeyond() {
    return settings.unknownBeyond;
  }

  @Override
  public String modelName() {
    String sizes = settings.sizes.stream().map(String::valueOf).collect(Collectors.joining("+"));
    return "face-api/" + (settings.detect ? "tiny" + sizes + (settings.align ? "-aligned" : "") : "whole");
  }

  @Override
  public List<FaceDescription> describe(List<byte[]> images) {
    FaceDescription[] results = new FaceDescription[images.size()];
    List<RgbImage> decoded = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      try {
        decoded.add(RgbImage.decode(images.get(i)));
        positions.add(i);
      } catch (UndecodableImageException e) {
        results[i] = FaceDescription.failed(e.getMessage());
      }
    }
    List<Analysis> analyses = analyse(decoded);
    for (int k = 0; k < analyses.size(); k++) {
      results[positions.get(k)] = FaceDescription.of(analyses.get(k).faces.stream()
          .map(f -> new FaceDescription.Face(f.descriptor, f.framed, f.face)).toList());
    }
    return List.of(results);
  }

  synchronized List<Analysis> analyse(List<RgbImage> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    List<Located> faces = new ArrayList<>();
    List<List<FaceBox>> perImage = settings.detect ? detect(images) : null;
    for (int i = 0; i < images.size(); i++) {
      if (perImage == null || perImage.get(i).isEmpty()) {
        faces.add(new Located(i, null));
      } else {
        for (FaceBox box : perImage.get(i)) {
          faces.add(new Located(i, box));
        }
      }
    }
    double[][] landmarks = settings.align ? landmark(images, faces) : new double[faces.size()][];
    List<RgbImage> crops = new ArrayList<>();
    for (int k = 0; k < faces.size(); k++) {
      Located f = faces.get(k);
      RgbImage image = images.get(f.image);
      Rect crop = landmarks[k] != null ? aligned(landmarks[k], f.box, image)
          : f.box != null ? clip(f.box, image) : null;
      crops.add(crop == null ? image : image.crop(crop.x, crop.y, crop.width, crop.height));
    }
    List<Integer> framedAt = new ArrayList<>();
    for (Located f : faces) {
      Rect framed = f.box == null ? null : framed(f.box, images.get(f.image));
      framedAt.add(framed == null ? -1 : crops.size());
      if (framed != null) {
        crops.add(images.get(f.image).crop(framed.x, framed.y, framed.width, framed.height));
      }
    }
    float[][] descriptors = rows(crops, RecognitionNet.SIZE, true, RecognitionNet.MEAN, recognitionNet::forward);
    List<List<Found>> found = new ArrayList<>();
    images.forEach(image -> found.add(new ArrayList<>()));
    for (int k = 0; k < faces.size(); k++) {
      Located f = faces.get(k);
      int scale = images.get(f.image).scale();
      FaceBox inSource = f.box == null ? null : new FaceBox(f.box.x() * scale, f.box.y() * scale,
          f.box.width() * scale, f.box.height() * scale, f.box.score());
      int framed = framedAt.get(k);
      found.get(f.image).add(new Found(descriptors[k], framed < 0 ? null : descriptors[framed], inSource,
          landmarks[k]));
    }
    return found.stream().map(Analysis::new).toList();
  }

  /**
   * The faces of each image whose boxes lie at least partly inside it, most prominent first, after suppressing the
   * less confident of boxes that overlap across scales; none without looking for an image too small to be more than
   * a face crop.
   */
  private List<List<FaceBox>> detect(List<RgbImage> images) {
    List<List<FaceBox>> candidates = new ArrayList<>();
    images.forEach(image -> candidates.add(new ArrayList<>()));
    for (int s = 0; s < settings.sizes.size(); s++) {
      int size = settings.sizes.get(s);
      List<Integer> searched = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        RgbImage image = images.get(i);
        int longer = Math.max(image.width(), image.height());
        if (longer * image.scale() >= settings.wholeBelow && (s == 0 || longer >= size)) {
          searched.add(i);
        }
      }
      // One image a pass: at the largest side a pass is big enough alone, and a batch of photos would make the
      // workspace hold all of theirs.
      for (int i : searched) {
        RgbImage image = images.get(i);
        Grid grid = pass(List.of(image), size, false, TinyFaceDetector.MEAN, detector::forward,
            out -> new Grid((int) out.size(2), Ops.floats(out.slice(0))));
        candidates.get(i).addAll(TinyFaceDetector.decode(grid.values, grid.cells, size, image.width(),
            image.height(), settings.minScore));
      }
    }
    List<List<FaceBox>> faces = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      RgbImage image = images.get(i);
      List<FaceBox> all = new ArrayList<>(candidates.get(i));
      all.sort(Comparator.comparingDouble(FaceBox::score).reversed());
      List<FaceBox> kept = new ArrayList<>();
      for (FaceBox box : all) {
        if (clip(box, image) != null && kept.stream().noneMatch(k -> sameFace(k, box))) {
          kept.add(box);
        }
      }
      kept.sort(PROMINENCE);
      faces.add(kept);
    }
    return faces;
  }

  private static boolean sameFace(FaceBox kept, FaceBox box) {
    double w = Math.max(0, Math.min(kept.x() + kept.width(), box.x() + box.width()) - Math.max(kept.x(), box.x()));
    double h = Math.max(0, Math.min(kept.y() + kept.height(), box.y() + box.height()) - Math.max(kept.y(), box.y()));
    double smaller = Math.min(kept.width() * kept.height(), box.width() * box.height());
    return kept.iou(box) > IOU_ACROSS_SCALES || w * h > INSIDE_ACROSS_SCALES * smaller;
  }

  /** Runs the landmark net on each detected face's box: its points in image pixels, null for a whole image. */
  private double[][] landmark(List<RgbImage> images, List<Located> faces) {
    double[][] landmarks = new double[faces.size()][];
    List<Integer> withFace = new ArrayList<>();
    List<RgbImage> crops = new ArrayList<>();
    for (int k = 0; k < faces.size(); k++) {
      Located f = faces.get(k);
      if (f.box != null) {
        Rect r = clip(f.box, images.get(f.image));
        withFace.add(k);
        crops.add(images.get(f.image).crop(r.x, r.y, r.width, r.height));
      }
    }
    if (crops.isEmpty()) {
      return landmarks;
    }
    float[][] points = rows(crops, LandmarkNet.SIZE, true, LandmarkNet.MEAN, landmarkNet::forward);
    for (int c = 0; c < crops.size(); c++) {
      int k = withFace.get(c);
      FaceBox box = faces.get(k).box;
      RgbImage crop = crops.get(c);
      // The net saw the crop centred in a square; undo that, then place the crop where the box starts.
      double scale = (double) LandmarkNet.SIZE / Math.max(crop.width(), crop.height());
      double w = crop.width() * scale;
      double h = crop.height() * scale;
      double padX = w < h ? (h - w) / 2 : 0;
      double padY = h < w ? (w - h) / 2 : 0;
      double[] p = new double[2 * LandmarkNet.POINTS];
      for (int j = 0; j < LandmarkNet.POINTS; j++) {
        p[2 * j] = (points[c][2 * j] * LandmarkNet.SIZE - padX) / w * crop.width() + box.x();
        p[2 * j + 1] = (points[c][2 * j + 1] * LandmarkNet.SIZE - padY) / h * crop.height() + box.y();
      }
      landmarks[k] = p;
    }
    return landmarks;
  }

  /**
   * dlib's alignment as the reference computes it: a square whose side is the mean eye-to-mouth distance / 0.45,
   * placed so that the centre of the eyes and mouth lies at (0.5, 0.43) of it; null when nothing of it is inside
   * the image.
   */
  private static Rect aligned(double[] points, FaceBox face, RgbImage image) {
    double[] leftEye = centre(points, 36, 42);
    double[] rightEye = centre(points, 42, 48);
    double[] mouth = centre(points, 48, 68);
    double eyeToMouth = (Math.hypot(mouth[0] - leftEye[0], mouth[1] - leftEye[1])
        + Math.hypot(mouth[0] - rightEye[0], mouth[1] - rightEye[1])) / 2;
    int side = (int) Math.floor(eyeToMouth / 0.45);
    double refX = (leftEye[0] + rightEye[0] + mouth[0]) / 3;
    double refY = (leftEye[1] + rightEye[1] + mouth[1]) / 3;
    double x = Math.floor(Math.max(0, refX - 0.5 * side));
    double y = Math.floor(Math.max(0, refY - 0.43 * side));
    // The reference bounds the side by the landmark crop's size, not the image's.
    Rect box = clip(face, image);
    return clip(x, y, Math.min(side, box.width + x), Math.min(side, box.height + y), image);
  }

  /**
   * The face as the course's face crops frame it, which are described whole: a square twice the box's side, its
   * centre a twelfth of the box's side above the box's (measured on the ten course faces at the detector's 160).
   */
  private static Rect framed(FaceBox box, RgbImage image) {
    double side = box.width() + box.height();
    double centreX = box.x() + box.width() / 2;
    double centreY = box.y() + box.height() / 2 - side / 24;
    return clip(centreX - side / 2, centreY - side / 2, side, side, image);
  }

  private static double[] centre(double[] points, int from, int to) {
    double x = 0;
    double y = 0;
    for (int j = from; j < to; j++) {
      x += points[2 * j];
      y += points[2 * j + 1];
    }
    return new double[] {x / (to - from), y / (to - from)};
  }

  private static Rect clip(FaceBox box, RgbImage image) {
    return clip(box.x(), box.y(), box.width(), box.height(), image);
  }

  /** The reference's clipAtImageBorders: clipped to the image, then every value floored; null when empty. */
  private static Rect clip(double x, double y, double width, double height, RgbImage image) {
    double left = Math.max(x, 0);
    double top = Math.max(y, 0);
    double w = Math.min(x + width - left, image.width() - left);
    double h = Math.min(y + height - top, image.height() - top);
    Rect r = new Rect((int) Math.floor(left), (int) Math.floor(top), (int) Math.floor(w), (int) Math.floor(h));
    return r.width < 1 || r.height < 1 ? null : r;
  }

  /** The net's output for each image, row by row, at most {@link #IMAGES_PER_PASS} images a pass. */
  private static float[][] rows(List<RgbImage> images, int size, boolean centred, float[] mean,
                                UnaryOperator<INDArray> net) {
    float[][] rows = new float[images.size()][];
    for (int from = 0; from < images.size(); from += IMAGES_PER_PASS) {
      List<RgbImage> some = images.subList(from, Math.min(images.size(), from + IMAGES_PER_PASS));
      float[][] out = pass(some, size, centred, mean, net, INDArray::toFloatMatrix);
      System.arraycopy(out, 0, rows, from, out.length);
    }
    return rows;
  }

  /** One forward pass in the workspace, its output read into Java arrays before the workspace is used again. */
  private static <T> T pass(List<RgbImage> images, int size, boolean centred, float[] mean,
                            UnaryOperator<INDArray> net, Function<INDArray, T> read) {
    int each = 3 * size * size;
    float[] input = new float[images.size() * each];
    for (int i = 0; i < images.size(); i++) {
      images.get(i).toSquareInput(size, centred, mean, input, i * each);
    }
    try (MemoryWorkspace passes = Nd4j.getWorkspaceManager().getAndActivateWorkspace(PASSES, PASSES_ID)) {
      return read.apply(net.apply(Nd4j.create(input, new long[] {images.size(), 3, size, size}, 'c')));
    }
  }

  @Override
  public void close() {
    // The nets' weights are ND4J's off-heap memory, released with the garbage they belong to; a thread's workspace
    // likewise, once the thread has ended.
  }
}
