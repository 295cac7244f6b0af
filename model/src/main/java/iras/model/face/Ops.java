package iras.model.face;

import iras.model.dl4j.DepthwiseKernel;
import iras.model.tfjs.TfjsTensor;
import java.util.Arrays;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The few operations the face nets are made of, on NCHW float arrays, with TensorFlow's semantics: filters
 * HWIO as TF.js stores them, "same" padding with the odd pixel at the bottom and right. Convolutions and pooling
 * are libnd4j's; depthwise convolutions use the project's direct kernel (libnd4j's is an order of magnitude
 * slower on one thread).
 */
final class Ops {
  private Ops() {}

  static INDArray array(TfjsTensor tensor) {
    return Nd4j.create(tensor.values(), Arrays.stream(tensor.shape()).asLongStream().toArray(), 'c');
  }

  /** A convolution with HWIO filters and a bias per output channel. */
  static INDArray conv(INDArray x, INDArray filters, INDArray bias, int stride, boolean same) {
    Conv2DConfig config = Conv2DConfig.builder()
        .kH(filters.size(0)).kW(filters.size(1)).sH(stride).sW(stride)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
        .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO)
        .build();
    return Nd4j.cnn().conv2d(x, filters, bias, config);
  }

  /** A depthwise convolution (multiplier 1, filters {@code [kh, kw, channels, 1]}), "same" padding, no bias. */
  static INDArray depthwise(INDArray x, TfjsTensor filters, int stride) {
    int kh = filters.dim(0);
    int kw = filters.dim(1);
    int height = (int) x.size(2);
    int width = (int) x.size(3);
    int outH = ceilDiv(height, stride);
    int outW = ceilDiv(width, stride);
    int padTop = Math.max(0, (outH - 1) * stride + kh - height) / 2;
    int padLeft = Math.max(0, (outW - 1) * stride + kw - width) / 2;
    int batch = (int) x.size(0);
    int channels = (int) x.size(1);
    DepthwiseKernel.Geometry geometry = new DepthwiseKernel.Geometry(batch, channels, height, width, 1, kh, kw,
        stride, stride, 1, 1, padTop, padLeft, outH, outW);
    float[] out = DepthwiseKernel.forward(geometry, floats(x), filters.values(), new float[channels]);
    return Nd4j.create(out, new long[] {batch, channels, outH, outW}, 'c');
  }

  static INDArray maxPool(INDArray x, int kernel, int stride, boolean same) {
    return Nd4j.cnn().maxPooling2d(x, pooling(kernel, stride, same).type(Pooling2D.Pooling2DType.MAX).build());
  }

  /** Average pooling without padding. */
  static INDArray avgPool(INDArray x, int kernel, int stride) {
    return Nd4j.cnn().avgPooling2d(x, pooling(kernel, stride, false).type(Pooling2D.Pooling2DType.AVG).build());
  }

  private static Pooling2DConfig.Pooling2DConfigBuilder pooling(int kernel, int stride, boolean same) {
    return Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride)
        .paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID).isNHWC(false);
  }

  static float[] floats(INDArray x) {
    INDArray c = x.isView() || x.ordering() != 'c' ? x.dup('c') : x;
    return c.data().asFloat();
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
