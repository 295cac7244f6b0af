package iras.model.tflite;

/** The builtin options of the operators this importer understands; any other options table is {@link Other}. */
public sealed interface BuiltinOptions {

  enum Padding { SAME, VALID }

  enum Activation { NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT }

  record None() implements BuiltinOptions {}

  record Other(int unionType) implements BuiltinOptions {}

  record Conv2D(Padding padding, int strideW, int strideH, Activation activation, int dilationW, int dilationH)
      implements BuiltinOptions {}

  record DepthwiseConv2D(Padding padding, int strideW, int strideH, int depthMultiplier, Activation activation,
                         int dilationW, int dilationH) implements BuiltinOptions {}

  record Pool2D(Padding padding, int strideW, int strideH, int filterWidth, int filterHeight, Activation activation)
      implements BuiltinOptions {}

  record Add(Activation activation) implements BuiltinOptions {}

  record Softmax(float beta) implements BuiltinOptions {}

  /** {@code newShape} is null when the target shape is given only as the operator's second input. */
  record Reshape(int[] newShape) implements BuiltinOptions {}
}
