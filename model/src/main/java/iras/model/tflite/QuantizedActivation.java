package iras.model.tflite;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An activation followed by the rounding of its result to the tensor's 8-bit grid, {@code scale * (q - zero)} with
 * {@code q} an integer in {@code [min, max]}, as TensorFlow Lite stores every activation of a quantized model. The
 * graph computes in float; without this step it is more precise than the file's own runtime, and on uncertain
 * images the two disagree about the best class (7 of 105 images of imagenet-100 and the photos). Inference only.
 */
final class QuantizedActivation extends BaseActivationFunction {
  private static final long serialVersionUID = 1L;

  @JsonProperty private final IActivation inner;
  @JsonProperty private final float scale;
  @JsonProperty private final float zero;
  @JsonProperty private final float min;
  @JsonProperty private final float max;

  QuantizedActivation(@JsonProperty("inner") IActivation inner, @JsonProperty("scale") float scale,
                      @JsonProperty("zero") float zero, @JsonProperty("min") float min,
                      @JsonProperty("max") float max) {
    this.inner = inner;
    this.scale = scale;
    this.zero = zero;
    this.min = min;
    this.max = max;
  }

  @Override
  public INDArray getActivation(INDArray in, boolean training) {
    INDArray x = inner.getActivation(in, training);
    // x / scale + zero, rounded, clamped, and back.
    x.divi(scale).addi(zero);
    Transforms.round(x, false);
    Transforms.min(Transforms.max(x, min, false), max, false);
    return x.subi(zero).muli(scale);
  }

  @Override
  public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
    throw new UnsupportedOperationException("an imported TFLite graph is for inference only");
  }

  @Override
  public String toString() {
    return inner + " quantized (scale " + scale + ", zero " + zero + ")";
  }
}
