package iras.model.dl4j;

import iras.model.ImageClassifier;
import iras.model.Prediction;
import iras.model.image.ImagePreprocessor;
import iras.model.image.ModelInput;
import iras.model.image.UndecodableImageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image classifier over a DL4J network from any source. Safe to share: DL4J serialises forward passes.
 */
public final class GraphClassifier implements ImageClassifier {
  private static final Logger log = LoggerFactory.getLogger(GraphClassifier.class);
  private static final int TOP = 5;

  private final String modelName;
  private final Model network;
  private final ModelInput input;
  private final ImagePreprocessor preprocessor;
  private final List<String> labels;

  private GraphClassifier(String modelName, Model network, ModelInput input, List<String> labels) {
    this.modelName = modelName;
    this.network = network;
    this.input = input;
    this.preprocessor = new ImagePreprocessor(input);
    this.labels = List.copyOf(labels);
  }

  /**
   * Runs the network once on a blank image, which also allocates its workspaces before the first request, to learn
   * how many classes it has, and names them.
   *
   * @param labelsFor the label of each output, given their number
   * @throws IllegalArgumentException if the network is not a classifier of such images, or has no label per output
   */
  public static GraphClassifier open(LoadedNetwork loaded, IntFunction<List<String>> labelsFor) {
    Model network = loaded.network();
    if (network instanceof ComputationGraph g
        && (g.getConfiguration().getNetworkInputs().size() != 1 || g.getNumOutputArrays() != 1)) {
      throw new IllegalArgumentException(loaded.name() + " has " + g.getConfiguration().getNetworkInputs().size()
          + " inputs and " + g.getNumOutputArrays() + " outputs; a classifier has one of each");
    }
    INDArray out;
    try {
      out = forward(network, Nd4j.zeros(loaded.input().shape(1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(loaded.name() + " does not take a " + loaded.input() + " image: "
          + e.getMessage(), e);
    }
    if (out.rank() != 2) {
      throw new IllegalArgumentException(loaded.name() + " outputs shape " + Arrays.toString(out.shape())
          + ", not one score per class");
    }
    return new GraphClassifier(loaded.name(), network, loaded.input(), labelsFor.apply((int) out.size(1)));
  }

  @Override
  public String modelName() {
    return modelName;
  }

  @Override
  public List<Prediction> classify(List<byte[]> images) {
    Prediction[] results = new Prediction[images.size()];
    int size = preprocessor.size();
    float[] batch = new float[images.size() * size];
    List<Integer> decoded = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      try {
        preprocessor.preprocess(images.get(i), batch, decoded.size() * size);
        decoded.add(i);
      } catch (UndecodableImageException e) {
        results[i] = Prediction.failed(e.getMessage());
      }
    }
    if (!decoded.isEmpty()) {
      long start = System.nanoTime();
      float[] values = decoded.size() == images.size() ? batch : Arrays.copyOf(batch, decoded.size() * size);
      float[][] rows = forward(network, Nd4j.create(values, input.shape(decoded.size()), 'c')).toFloatMatrix();
      for (int r = 0; r < rows.length; r++) {
        results[decoded.get(r)] = Prediction.top(rows[r], labels, TOP);
      }
      log.debug("{}: forward pass of {} images took {} ms", modelName, decoded.size(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return List.of(results);
  }

  private static INDArray forward(Model network, INDArray input) {
    return network instanceof ComputationGraph g ? g.outputSingle(input) : ((MultiLayerNetwork) network).output(input);
  }

  @Override
  public void close() {
    network.close();
  }
}
