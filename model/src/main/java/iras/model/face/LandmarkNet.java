package iras.model.face;

import iras.model.tfjs.TfjsTensor;
import iras.model.tfjs.TfjsWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * face-api's 68-point landmark net: four densely connected blocks of (depthwise-separable) convolutions on a
 * 112x112 face crop, average pooling, and a fully connected layer giving each point's x and y relative to the
 * square input.
 */
final class LandmarkNet {
  static final int SIZE = 112;
  static final float[] MEAN = RecognitionNet.MEAN;
  static final int POINTS = 68;

  /** A convolution: plain ({@code depthwise} null, filters HWIO) or depthwise-separable. */
  private record Conv(TfjsTensor depthwise, INDArray filters, INDArray bias) {
    INDArray apply(INDArray x, int stride) {
      return depthwise == null ? Ops.conv(x, filters, bias, stride, true)
          : Ops.conv(Ops.depthwise(x, depthwise, stride), filters, bias, 1, true);
    }
  }

  private final List<Conv[]> blocks = new ArrayList<>();
  private final INDArray fc;
  private final INDArray fcBias;

  LandmarkNet(TfjsWeights weights) {
    int in = 3;
    for (int b = 0, out = 32; b < 4; b++, out *= 2) {
      Conv[] convs = new Conv[4];
      for (int c = 0; c < 4; c++) {
        String name = "dense" + b + "/conv" + c;
        int from = c == 0 ? in : out;
        INDArray bias = Ops.array(weights.get(name + "/bias", out));
        convs[c] = b == 0 && c == 0
            ? new Conv(null, Ops.array(weights.get(name + "/filters", 3, 3, from, out)), bias)
            : new Conv(weights.get(name + "/depthwise_filter", 3, 3, from, 1),
                Ops.array(weights.get(name + "/pointwise_filter", 1, 1, from, out)), bias);
      }
      blocks.add(convs);
      in = out;
    }
    fc = Ops.array(weights.get("fc/weights", in, 2 * POINTS));
    fcBias = Ops.array(weights.get("fc/bias", 2 * POINTS)).reshape(1, 2 * POINTS);
  }

  /**
   * Points of a batch of normalised NCHW inputs {@code [n, 3, 112, 112]}: {@code [n, 136]}, x0, y0, x1, …
   * relative to the input's side.
   */
  INDArray forward(INDArray input) {
    INDArray x = input;
    for (Conv[] c : blocks) {
      // Each convolution sees the sum of all earlier outputs of its block.
      INDArray out1 = Transforms.relu(c[0].apply(x, 2), false);
      INDArray out2 = c[1].apply(out1, 1);
      INDArray sum = out1.add(out2);
      INDArray out3 = c[2].apply(Transforms.relu(sum, true), 1);
      sum.addi(out3);
      INDArray out4 = c[3].apply(Transforms.relu(sum, true), 1);
      x = Transforms.relu(sum.addi(out4), false);
    }
    x = Ops.avgPool(x, 7, 2);
    return x.reshape(x.size(0), x.size(1)).mmul(fc).addiRowVector(fcBias);
  }
}
