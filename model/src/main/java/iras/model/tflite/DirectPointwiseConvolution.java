package iras.model.tflite;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's convolution restricted to 1x1 kernels with stride 1, computed as one matrix product per image
 * (out[n] = W · x[n] over [channels, height * width]). DL4J 1.0.0-M2.1's general path goes through im2col and
 * returns a permuted view that, for a batch of more than one image, is not in NCHW memory order; every later
 * layer then works on strided data and a batch cost 2-3x more per image than a single image. This layer writes
 * plain NCHW, so a batch costs about the same per image. Parameters are DL4J's own (W [out, in, 1, 1],
 * b [out]). Inference only.
 */
final class DirectPointwiseConvolution extends ConvolutionLayer {
  private static final long serialVersionUID = 1L;

  DirectPointwiseConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
  }

  @Override
  public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                           INDArray paramsView, boolean initializeParams, DataType dataType) {
    return DirectLayers.wire(new DirectLayer(conf, dataType), initializer(), conf, listeners, layerIndex,
        paramsView, initializeParams);
  }

  static final class DirectLayer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
    DirectLayer(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop,
                                                 LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(false);
      INDArray weights = getParam("W");
      long batch = input.size(0);
      long in = input.size(1);
      long pixels = input.size(2) * input.size(3);
      long out = weights.size(0);
      INDArray contiguous = Shape.hasDefaultStridesForShape(input) ? input : input.dup('c');
      INDArray x = contiguous.reshape('c', batch, in, pixels);
      INDArray w = weights.reshape('c', out, in);
      INDArray bias = getParam("b").reshape(out, 1);
      INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
          new long[] {batch, out, pixels}, 'c');
      for (long n = 0; n < batch; n++) {
        INDArray zn = z.slice(n);
        Nd4j.gemm(w, x.slice(n), zn, false, false, 1.0, 0.0);
        zn.addiColumnVector(bias);
      }
      return new Pair<>(z.reshape('c', batch, out, input.size(2), input.size(3)), null);
    }
  }
}
