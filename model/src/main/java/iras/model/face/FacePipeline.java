package iras.model.face;

import iras.model.image.UndecodableImageException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The face pipeline as face-api's detectSingleFace → withFaceLandmarks → withFaceDescriptor runs it: the most
 * confident face of the tiny detector, its 68 landmarks on the detected box, the crop placed by the eyes and
 * mouth (dlib's alignment), and the descriptor of that crop; without a face, the descriptor of the whole image.
 * Each stage runs once per batch. Safe to share: calls are serialised.
 */
final class FacePipeline implements FaceDescriber {

  /**
   * @param detect   look for a face first (else describe the whole image)
   * @param align    crop the face where its landmarks place it (else the detected box)
   * @param size     the detector's input side
   * @param minScore detections scoring this or less are not faces
   * @param wholeBelow an image whose longer side is shorter than this many source pixels is taken for a face crop
   *     and described whole: scaled up to the detector's input, such an image makes its box, and so the aligned
   *     crop, swing with a flip or a few pixels' shift (0: detect in every image, as the reference does)
   */
  record Settings(boolean detect, boolean align, int size, double minScore, int wholeBelow) {}

  /** One image's outcome; {@code landmarks} (x0, y0, x1, … in the image's pixels) only when aligned on them. */
  record Analysis(float[] descriptor, FaceBox face, double[] landmarks) {}

  /** An integer rectangle inside an image. */
  private record Rect(int x, int y, int width, int height) {}

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
  public String modelName() {
    return "face-api/" + (settings.detect ? "tiny" + settings.size + (settings.align ? "-aligned" : "") : "whole");
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
      Analysis a = analyses.get(k);
      results[positions.get(k)] = new FaceDescription(a.descriptor, a.face, a.face != null);
    }
    return List.of(results);
  }

  synchronized List<Analysis> analyse(List<RgbImage> images) {
    if (images.isEmpty()) {
      return List.of();
    }
    FaceBox[] faces = settings.detect ? detect(images) : new FaceBox[images.size()];
    double[][] landmarks = new double[images.size()][];
    if (settings.align) {
      landmark(images, faces, landmarks);
    }
    List<RgbImage> crops = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      RgbImage image = images.get(i);
      Rect crop = landmarks[i] != null ? aligned(landmarks[i], faces[i], image)
          : faces[i] != null ? clip(faces[i], image) : null;
      crops.add(crop == null ? image : image.crop(crop.x, crop.y, crop.width, crop.height));
    }
    float[][] descriptors = batch(crops, RecognitionNet.SIZE, true, RecognitionNet.MEAN, recognitionNet::forward)
        .toFloatMatrix();
    List<Analysis> analyses = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      int scale = images.get(i).scale();
      FaceBox f = faces[i];
      FaceBox inSource = f == null ? null
          : new FaceBox(f.x() * scale, f.y() * scale, f.width() * scale, f.height() * scale, f.score());
      analyses.add(new Analysis(descriptors[i], inSource, landmarks[i]));
    }
    return analyses;
  }

  /**
   * The most confident face of each image whose box lies at least partly inside it, or null; null without looking
   * for an image too small to be more than a face crop.
   */
  private FaceBox[] detect(List<RgbImage> images) {
    FaceBox[] faces = new FaceBox[images.size()];
    List<Integer> searched = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      RgbImage image = images.get(i);
      if (Math.max(image.width(), image.height()) * image.scale() >= settings.wholeBelow) {
        searched.add(i);
      }
    }
    if (searched.isEmpty()) {
      return faces;
    }
    INDArray grids = batch(searched.stream().map(images::get).toList(), settings.size, false, TinyFaceDetector.MEAN,
        detector::forward);
    int cells = (int) grids.size(2);
    for (int k = 0; k < searched.size(); k++) {
      int i = searched.get(k);
      RgbImage image = images.get(i);
      List<FaceBox> found = TinyFaceDetector.decode(Ops.floats(grids.slice(k)), cells, settings.size,
          image.width(), image.height(), settings.minScore);
      if (!found.isEmpty() && clip(found.get(0), image) != null) {
        faces[i] = found.get(0);
      }
    }
    return faces;
  }

  /** Runs the landmark net on each detected face's box and fills in its points, in image pixels. */
  private void landmark(List<RgbImage> images, FaceBox[] faces, double[][] landmarks) {
    List<Integer> withFace = new ArrayList<>();
    List<RgbImage> crops = new ArrayList<>();
    for (int i = 0; i < faces.length; i++) {
      if (faces[i] != null) {
        Rect r = clip(faces[i], images.get(i));
        withFace.add(i);
        crops.add(images.get(i).crop(r.x, r.y, r.width, r.height));
      }
    }
    if (crops.isEmpty()) {
      return;
    }
    float[][] points = batch(crops, LandmarkNet.SIZE, true, LandmarkNet.MEAN, landmarkNet::forward).toFloatMatrix();
    for (int k = 0; k < crops.size(); k++) {
      int i = withFace.get(k);
      RgbImage crop = crops.get(k);
      // The net saw the crop centred in a square; undo that, then place the crop where the box starts.
      double scale = (double) LandmarkNet.SIZE / Math.max(crop.width(), crop.height());
      double w = crop.width() * scale;
      double h = crop.height() * scale;
      double padX = w < h ? (h - w) / 2 : 0;
      double padY = h < w ? (w - h) / 2 : 0;
      double[] p = new double[2 * LandmarkNet.POINTS];
      for (int j = 0; j < LandmarkNet.POINTS; j++) {
        p[2 * j] = (points[k][2 * j] * LandmarkNet.SIZE - padX) / w * crop.width() + faces[i].x();
        p[2 * j + 1] = (points[k][2 * j + 1] * LandmarkNet.SIZE - padY) / h * crop.height() + faces[i].y();
      }
      landmarks[i] = p;
    }
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

  private static INDArray batch(List<RgbImage> images, int size, boolean centred, float[] mean,
                                UnaryOperator<INDArray> net) {
    int each = 3 * size * size;
    float[] input = new float[images.size() * each];
    for (int i = 0; i < images.size(); i++) {
      images.get(i).toSquareInput(size, centred, mean, input, i * each);
    }
    return net.apply(Nd4j.create(input, new long[] {images.size(), 3, size, size}, 'c'));
  }

  @Override
  public void close() {
    // The nets' arrays are ND4J's off-heap memory, released with the garbage they belong to.
  }
}
