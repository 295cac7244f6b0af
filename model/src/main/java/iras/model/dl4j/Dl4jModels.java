package iras.model.dl4j;

import iras.model.ModelUri;
import iras.model.image.ModelInput;
import iras.model.image.PixelMapping;
import iras.model.source.ModelResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * {@code dl4j:<file.zip>}: a network saved by DL4J's ModelSerializer, a ComputationGraph or a MultiLayerNetwork.
 * The zip does not record the image size, so the URI gives it: {@code input=<height>x<width>x<channels>}
 * (planar, DL4J's default layout). Pixel values default to [0, 1], DL4J's usual image scaling.
 */
public final class Dl4jModels {
  private Dl4jModels() {}

  public static LoadedNetwork load(ModelUri uri) throws IOException {
    Path file = ModelResolver.existing(uri.location(), "DL4J model");
    Model network;
    try {
      network = ModelSerializer.restoreComputationGraph(file.toFile(), false);
    } catch (RuntimeException | IOException notAGraph) {
      try {
        network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
      } catch (RuntimeException | IOException e) {
        throw new IOException("cannot read DL4J model " + file + " (" + notAGraph.getMessage() + "; "
            + e.getMessage() + ")", e);
      }
    }
    ModelInput input = NetworkInputs.of(uri, Optional.empty(), PixelMapping.UNIT, ModelInput.Layout.NCHW);
    return new LoadedNetwork(file.getFileName().toString().replaceFirst("\\.zip$", ""), network, input);
  }
}
