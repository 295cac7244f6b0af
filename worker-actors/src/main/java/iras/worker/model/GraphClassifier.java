package iras.worker.model;

import iras.worker.model.image.ImagePreprocessor;
import iras.worker.model.image.UndecodableImageException;
import iras.worker.model.labels.ImageNetLabels;
import iras.worker.model.tflite.ImportedGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An ImageNet classifier over an imported DL4J graph. Safe to share: DL4J serialises forward passes. */
public final class GraphClassifier implements ImageClassifier {
  private static final Logger log = LoggerFactory.getLogger(GraphClassifier.class);
  private static final int TOP = 5;

  private final String modelName;
  private final ComputationGraph graph;
  private final ImagePreprocessor preprocessor;
  private final int height;
  private final int width;
  private final List<String> labels;

  public GraphClassifier(String modelName, ImportedGraph imported, ImageNetLabels labels) {
    if (imported.channels() != 3) {
      throw new IllegalArgumentException(modelName + " takes " + imported.channels()
          + " input channels; only RGB (3) models are supported");
    }
    this.modelName = modelName;
    this.graph = imported.graph();
    this.height = imported.height();
    this.width = imported.width();
    this.preprocessor = new ImagePreprocessor(width, height, imported.pixelScale(), imported.pixelZero());
    this.labels = labels.forOutputs(imported.outputs());
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
      float[] input = decoded.size() == images.size() ? batch : Arrays.copyOf(batch, decoded.size() * size);
      INDArray probabilities = graph.outputSingle(
          Nd4j.create(input, new long[] {decoded.size(), 3, height, width}, 'c'));
      float[][] rows = probabilities.toFloatMatrix();
      for (int r = 0; r < rows.length; r++) {
        results[decoded.get(r)] = Prediction.of(top(rows[r]));
      }
      log.debug("{}: forward pass of {} images took {} ms", modelName, decoded.size(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return List.of(results);
  }

  private List<Guess> top(float[] probabilities) {
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed())
        .limit(TOP)
        .map(c -> new Guess(labels.get(c), probabilities[c]))
        .toList();
  }

  @Override
  public void close() {
    graph.close();
  }
}
