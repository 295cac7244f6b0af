package iras.model.face;

import iras.model.tfjs.TfjsTensor;
import iras.model.tfjs.TfjsWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * dlib's ResNet-34-like face descriptor net as face-api's TF.js weights hold it: 150x150 RGB in, 128 values out.
 * Each conv unit's per-channel affine ("scale" layer) is folded into its filters and bias at load time.
 */
final class RecognitionNet {
  static final int SIZE = 150;
  static final float[] MEAN = {122.782f, 117.001f, 104.298f};
  static final int DESCRIPTOR = 128;

  /** Filters scaled per output channel, and the bias that goes with them. */
  private record Unit(INDArray filters, INDArray bias) {}

  private record Block(Unit conv1, Unit conv2, boolean down) {}

  private final Unit stem;
  private final List<Block> blocks = new ArrayList<>();
  private final INDArray fc;

  RecognitionNet(TfjsWeights weights) {
    stem = unit(weights, "conv32_down", 7, 3, 32);
    block(weights, "conv32_1", 32, false);
    block(weights, "conv32_2", 32, false);
    block(weights, "conv32_3", 32, false);
    block(weights, "conv64_down", 32, true);
    block(weights, "conv64_1", 64, false);
    block(weights, "conv64_2", 64, false);
    block(weights, "conv64_3", 64, false);
    block(weights, "conv128_down", 64, true);
    block(weights, "conv128_1", 128, false);
    block(weights, "conv128_2", 128, false);
    block(weights, "conv256_down", 128, true);
    block(weights, "conv256_1", 256, false);
    block(weights, "conv256_2", 256, false);
    // The last down block keeps 256 channels.
    blocks.add(new Block(unit(weights, "conv256_down_out/conv1", 3, 256, 256),
        unit(weights, "conv256_down_out/conv2", 3, 256, 256), true));
    fc = Ops.array(weights.get("fc", 256, DESCRIPTOR));
  }

  private void block(TfjsWeights weights, String name, int in, boolean down) {
    int out = down ? 2 * in : in;
    blocks.add(new Block(unit(weights, name + "/conv1", 3, in, out), unit(weights, name + "/conv2", 3, out, out),
        down));
  }

  private static Unit unit(TfjsWeights weights, String name, int kernel, int in, int out) {
    float[] filters = weights.get(name + "/conv/filters", kernel, kernel, in, out).values().clone();
    float[] bias = weights.get(name + "/conv/bias", out).values();
    float[] scale = weights.get(name + "/scale/weights", out).values();
    float[] shift = weights.get(name + "/scale/biases", out).values();
    for (int i = 0; i < filters.length; i++) {
      filters[i] *= scale[i % out];
    }
    float[] folded = new float[out];
    for (int o = 0; o < out; o++) {
      folded[o] = bias[o] * scale[o] + shift[o];
    }
    return new Unit(Nd4j.create(filters, new long[] {kernel, kernel, in, out}, 'c'), Nd4j.create(folded));
  }

  /** Descriptors of a batch of normalised NCHW inputs {@code [n, 3, 150, 150]}: {@code [n, 128]}. */
  INDArray forward(INDArray input) {
    INDArray x = Transforms.relu(Ops.conv(input, stem.filters, stem.bias, 2, false), false);
    x = Ops.maxPool(x, 3, 2, false);
    for (Block block : blocks) {
      x = block.down ? down(x, block) : residual(x, block);
    }
    return x.mean(2, 3).mmul(fc);
  }

  private static INDArray residual(INDArray x, Block block) {
    INDArray out = Transforms.relu(Ops.conv(x, block.conv1.filters, block.conv1.bias, 1, true), false);
    out = Ops.conv(out, block.conv2.filters, block.conv2.bias, 1, true);
    return Transforms.relu(out.addi(x), false);
  }

  /**
   * The shortcut is the input average-pooled, with zero channels appended when the block doubles them; when the
   * strided convolutions come out a row and column smaller than it, they are extended with zeros at the bottom
   * and right.
   */
  private static INDArray down(INDArray x, Block block) {
    INDArray out = Transforms.relu(Ops.conv(x, block.conv1.filters, block.conv1.bias, 2, false), false);
    out = Ops.conv(out, block.conv2.filters, block.conv2.bias, 1, true);
    INDArray pooled = Ops.avgPool(x, 2, 2);
    if (pooled.size(1) != out.size(1)) {
      pooled = Nd4j.concat(1, pooled, Nd4j.zeros(pooled.dataType(), pooled.shape()));
    }
    if (pooled.size(2) != out.size(2)) {
      out = Nd4j.pad(out, new int[][] {{0, 0}, {0, 0}, {0, 1}, {0, 1}});
    }
    return Transforms.relu(out.addi(pooled), false);
  }
}
