package iras.model.tflite;

import iras.model.image.ModelInput;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A TFLite model rebuilt as a DL4J graph. The graph takes NCHW float input [batch, channels, height, width] and
 * returns [batch, outputs] (a model whose output is a feature map returns it NCHW, [batch, c, h, w], with
 * {@code outputs} = c * h * w). A pixel value p (0..255) enters the graph as {@code pixelScale * (p - pixelZero)}:
 * the quantization the model's uint8 input declares, so preprocessing matches what the model was trained with.
 */
public record ImportedGraph(ComputationGraph graph, int height, int width, int channels, int outputs,
                            float pixelScale, float pixelZero) {

  /** The images the graph takes: RGB (or grey for one channel), planar, with the declared pixel mapping. */
  public ModelInput input() {
    ModelInput.Colours colours = switch (channels) {
      case 3 -> ModelInput.Colours.RGB;
      case 1 -> ModelInput.Colours.GREY;
      default -> throw new IllegalArgumentException("a model taking " + channels + " channels is not an image"
          + " model (1 grey or 3 colour channels)");
    };
    return ModelInput.of(height, width, colours, ModelInput.Layout.NCHW, pixelScale, pixelZero);
  }
}
