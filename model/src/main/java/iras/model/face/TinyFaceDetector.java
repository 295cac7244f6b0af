package iras.model.face;

import iras.model.tfjs.TfjsTensor;
import iras.model.tfjs.TfjsWeights;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * face-api's tiny face detector: a Tiny-YOLOv2 with depthwise-separable convolutions, five anchors per grid cell,
 * input a square of {@code size} (a multiple of 32) with the image at its top left.
 */
final class TinyFaceDetector {
  static final float[] MEAN = {117.001f, 114.697f, 97.404f};
  private static final double[][] ANCHORS = {
      {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857},
      {9.041765, 10.66308}};
  private static final double IOU_THRESHOLD = 0.4;
  private static final double LEAK = 0.1;

  private record Separable(TfjsTensor depthwise, INDArray pointwise, INDArray bias) {}

  private final INDArray conv0;
  private final INDArray conv0Bias;
  private final List<Separable> separables = new ArrayList<>();
  private final INDArray conv8;
  private final INDArray conv8Bias;

  TinyFaceDetector(TfjsWeights weights) {
    conv0 = Ops.array(weights.get("conv0/filters", 3, 3, 3, 16));
    conv0Bias = Ops.array(weights.get("conv0/bias", 16));
    int channels = 16;
    for (int i = 1; i <= 5; i++) {
      String name = "conv" + i;
      separables.add(new Separable(weights.get(name + "/depthwise_filter", 3, 3, channels, 1),
          Ops.array(weights.get(name + "/pointwise_filter", 1, 1, channels, 2 * channels)),
          Ops.array(weights.get(name + "/bias", 2 * channels))));
      channels *= 2;
    }
    conv8 = Ops.array(weights.get("conv8/filters", 1, 1, channels, ANCHORS.length * 5));
    conv8Bias = Ops.array(weights.get("conv8/bias", ANCHORS.length * 5));
  }

  /** The raw grid of a batch of normalised NCHW inputs: {@code [n, 25, cells, cells]}. */
  INDArray forward(INDArray input) {
    INDArray x = Transforms.leakyRelu(Ops.conv(input, conv0, conv0Bias, 1, false), LEAK, false);
    for (Separable s : separables) {
      x = Ops.maxPool(x, 2, 2, true);
      x = Ops.conv(Ops.depthwise(x, s.depthwise, 1), s.pointwise, s.bias, 1, true);
      x = Transforms.leakyRelu(x, LEAK, false);
    }
    x = Ops.maxPool(x, 2, 1, true);
    return Ops.conv(x, conv8, conv8Bias, 1, true);
  }

  /**
   * The faces in one image's grid scoring above {@code minScore}, best first, after non-maximum suppression,
   * in the image's pixels.
   *
   * @param grid   the image's {@code [25, cells, cells]} slice of {@link #forward}
   * @param size   the detector input's side
   * @param width  the image's width in pixels
   * @param height the image's height in pixels
   */
  static List<FaceBox> decode(float[] grid, int cells, int size, int width, int height, double minScore) {
    // The image filled the input's top left, so relative positions in the input are stretched back.
    double scale = (double) size / Math.max(width, height);
    double correctX = size / (double) Math.round(width * scale);
    double correctY = size / (double) Math.round(height * scale);
    int plane = cells * cells;
    List<FaceBox> candidates = new ArrayList<>();
    for (int row = 0; row < cells; row++) {
      for (int col = 0; col < cells; col++) {
        for (int a = 0; a < ANCHORS.length; a++) {
          int at = row * cells + col;
          double score = sigmoid(grid[(a * 5 + 4) * plane + at]);
          if (score <= minScore) {
            continue;
          }
          double cx = (col + sigmoid(grid[a * 5 * plane + at])) / cells * correctX;
          double cy = (row + sigmoid(grid[(a * 5 + 1) * plane + at])) / cells * correctY;
          double w = Math.exp(grid[(a * 5 + 2) * plane + at]) * ANCHORS[a][0] / cells * correctX;
          double h = Math.exp(grid[(a * 5 + 3) * plane + at]) * ANCHORS[a][1] / cells * correctY;
          candidates.add(new FaceBox((cx - w / 2) * width, (cy - h / 2) * height, w * width, h * height, score));
        }
      }
    }
    candidates.sort(Comparator.comparingDouble(FaceBox::score).reversed());
    List<FaceBox> kept = new ArrayList<>();
    for (FaceBox candidate : candidates) {
      if (kept.stream().allMatch(k -> relativeIou(k, candidate, width, height) <= IOU_THRESHOLD)) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  /** The reference suppresses on boxes relative to the image's sides, where overlap differs for non-squares. */
  private static double relativeIou(FaceBox a, FaceBox b, int width, int height) {
    return relative(a, width, height).iou(relative(b, width, height));
  }

  private static FaceBox relative(FaceBox box, int width, int height) {
    return new FaceBox(box.x() / width, box.y() / height, box.width() / width, box.height() / height, box.score());
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
