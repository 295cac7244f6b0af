package iras.model.catalog;

import iras.model.ClassifierOptions;
import iras.model.ImageClassifier;
import iras.model.ModelUri;
import iras.model.dl4j.Dl4jModels;
import iras.model.dl4j.GraphClassifier;
import iras.model.dl4j.KerasModels;
import iras.model.dl4j.LoadedNetwork;
import iras.model.dl4j.Nd4jThreads;
import iras.model.dl4j.ZooModels;
import iras.model.labels.Labels;
import iras.model.source.ModelResolver;
import iras.model.tflite.ImportedGraph;
import iras.model.tflite.TfliteImporter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The model catalog: opens a classifier from a model URI ({@link ModelUri}),
 * {@code <source>:<location>[?<option>=<value>&…]}. Sources:
 * <ul>
 *   <li>{@code tflite:<path or http(s) URL>}: a TFLite image classifier, imported by this project (the default,
 *       MobileNetV2, is downloaded, checksum-verified and cached);
 *   <li>{@code zoo:<resnet50|squeezenet|vgg16|darknet19>}: deeplearning4j-zoo's ImageNet models, pretrained
 *       ({@code weights=imagenet}, the default; downloaded and cached) or untrained ({@code weights=random});
 *   <li>{@code keras:<file.h5>}: a Keras model with its weights;
 *   <li>{@code dl4j:<file.zip>}: a network saved by DL4J.
 * </ul>
 * Options: {@code labels=} names the outputs: {@code synset} or {@code simple} (ImageNet; the default for 1000
 * outputs is the deployment's setting), {@code fer2013}, {@code gender}, or a text file with one label per line.
 * {@code pixels=signed|unit|caffe|raw} and {@code input=<height>x<width>x<channels>} describe a Keras or DL4J
 * model's input where the file does not.
 */
public final class Classifiers {
  /** MobileNetV2 1.0/224 (uint8 TFLite, ~72% ImageNet top-1), downloaded and cached on first use. */
  public static final String DEFAULT_MODEL = "tflite:" + ModelResolver.DEFAULT_URL;

  private Classifiers() {}

  /**
   * Loads the model once. Pins ND4J's threads to {@code options.threads()} first, for the whole process.
   *
   * @throws IllegalArgumentException for a URI that names no model this catalog knows, or a model that is not an
   *     image classifier with a label per output
   * @throws IOException if the model cannot be found, fetched or imported; the message says what to supply
   */
  public static ImageClassifier open(String modelUri, ClassifierOptions options) throws IOException {
    ModelUri uri = ModelUri.parse(modelUri);
    Nd4jThreads.pin(options.threads());
    LoadedNetwork loaded = switch (uri.source()) {
      case "tflite" -> tflite(uri, options);
      case "zoo" -> ZooModels.load(uri, options.mirrors());
      case "keras" -> KerasModels.load(uri);
      case "dl4j" -> Dl4jModels.load(uri);
      case "face" -> throw new IllegalArgumentException("model \"" + modelUri + "\" describes faces and names no"
          + " classes; open it with iras.model.face.FaceModels");
      default -> throw new IllegalStateException("ModelUri.parse admits no source " + uri.source());
    };
    try {
      return GraphClassifier.open(loaded,
          outputs -> Labels.forOutputs(uri.option("labels").orElse(null), outputs, options.labels()));
    } catch (RuntimeException e) {
      loaded.network().close();
      throw e;
    }
  }

  private static LoadedNetwork tflite(ModelUri uri, ClassifierOptions options) throws IOException {
    Path file = new ModelResolver(options.cacheDir(), options.mirrors()).resolve(uri.location(), options.md5());
    ImportedGraph imported = TfliteImporter.load(file);
    try {
      return new LoadedNetwork(file.getFileName().toString().replaceFirst("\\.tflite$", ""), imported.graph(),
          imported.input());
    } catch (IllegalArgumentException e) {
      imported.graph().close();
      throw e;
    }
  }
}
