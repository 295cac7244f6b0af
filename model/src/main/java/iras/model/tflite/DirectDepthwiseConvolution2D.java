package iras.model.tflite;

import java.util.Collection;
import iras.model.dl4j.DepthwiseKernel;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.layers.convolution.DepthwiseConvolution2DLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's depthwise convolution with the forward pass computed by a direct loop. In DL4J 1.0.0-M2.1 the
 * libnd4j depthwise_conv2d op builds a 6-d im2col array and permutes it for a batched matmul; with NCHW input
 * that took ~95 ms for one 112x112x96 3x3 layer on one thread, most of MobileNetV2's time, and it grew to
 * ~250 ms per image in a batch of 4. The direct loop does the same 10.8 M multiply-adds in a few ms and scales
 * linearly with the batch. Configuration, parameters (W [kh, kw, in, multiplier], b [in * multiplier]), padding
 * and output size are DL4J's own; only the arithmetic is replaced. Inference only.
 */
final class DirectDepthwiseConvolution2D extends DepthwiseConvolution2D {
  private static final long serialVersionUID = 1L;

  DirectDepthwiseConvolution2D(DepthwiseConvolution2D.Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                           INDArray paramsView, boolean initializeParams, DataType dataType) {
    return DirectLayers.wire(new DirectLayer(conf, dataType), initializer(), conf, listeners, layerIndex,
        paramsView, initializeParams);
  }

  static final class DirectLayer extends DepthwiseConvolution2DLayer {
    DirectLayer(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      DepthwiseConvolution2D conf = (DepthwiseConvolution2D) layerConf();
      int[] kernel = conf.getKernelSize();
      int[] stride = conf.getStride();
      int[] dilation = conf.getDilation();
      int[] pad;
      int[] outSize;
      if (convolutionMode == ConvolutionMode.Same) {
        outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, null, convolutionMode, dilation);
        pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize,
            new int[] {(int) input.size(2), (int) input.size(3)}, kernel, stride, dilation);
      } else {
        pad = conf.getPadding();
        outSize = ConvolutionUtils.getOutputSize(input, kernel, stride, pad, convolutionMode, dilation);
      }
      INDArray weights = getParam("W");
      DepthwiseKernel.Geometry s = new DepthwiseKernel.Geometry((int) input.size(0), (int) input.size(1), (int) input.size(2),
          (int) input.size(3), (int) weights.size(3), kernel[0], kernel[1], stride[0], stride[1],
          dilation[0], dilation[1], pad[0], pad[1], outSize[0], outSize[1]);
      float[] out = DepthwiseKernel.forward(s, floats(input), floats(weights), floats(getParam("b")));
      INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
          new long[] {s.batch(), (long) s.channels() * s.multiplier(), s.outH(), s.outW()}, 'c');
      output.data().asNioFloat().put(out);
      return new Pair<>(output, null);
    }

    private static float[] floats(INDArray array) {
      float[] values = new float[(int) array.length()];
      array.dup('c').data().asNioFloat().get(values);
      return values;
    }
  }
}
