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
import iras.model.tfliteruntime.TfliteRuntimeClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The model catalog: opens a classifier from a model URI ({@link ModelUri}),
 * {@code <source>:<location>[?<option>=<value>&…]}. Sources:
 * <ul>
 *   <li>{@code tflite:<path or http(s) URL>}: a TFLite image classifier, run by TensorFlow Lite's own runtime, or
 *       with {@code engine=dl4j} imported by this project onto DL4J (the default, MobileNetV2, is downloaded,
 *       checksum-verified and cached);
 *   <li>{@code zoo:<resnet50|squeezenet|vgg16|darknet19>}: deeplearning4j-zoo's ImageNet models, pretrained
 *       ({@code weights=imagenet}, the default; downloaded and cached) or untrained ({@code weights=random});
 *   <li>{@code keras:<file.h5>}: a Keras model with its weights;
 *   <li>{@code dl4j:<file.zip>}: a network saved by DL4J.
 * </ul>
 * Options: {@code engine=tflite|dl4j} picks the runtime of a {@code tflite:} model; {@code labels=} names the outputs: {@code synset} or {@code simple} (ImageNet; the default for 1000
 * outputs is the deployment's setting), {@code fer2013}, {@code gender}, or a text file with one label per line.
 * {@code pixels=signed|unit|caffe|raw} and {@code input=<height>x<width>x<channels>} describe a Keras or DL4J
 * model's input where the file does not.
 */
public final class Classifiers {
  /** MobileNetV2 1.0/224 (uint8 TFLite, ~72% ImageNet top-1), downloaded and cached on first use. */
  public static final String DEFAULT_MODEL = "tflite:" + ModelResolver.DEFAULT_URL;
  private static final String TFLITE = "tflite";
  private static final String DL4J = "dl4j";

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
    IntFunction<List<String>> labels =
        outputs -> Labels.forOutputs(uri.option("labels").orElse(null), outputs, options.labels());
    String engine = uri.option("engine").orElse(uri.source().equals("tflite") ? TFLITE : DL4J);
    if (engine.equals(TFLITE)) {
      if (!uri.source().equals("tflite")) {
        throw new IllegalArgumentException("engine=tflite runs .tflite files only; " + uri.source()
            + ": models run on DL4J (drop the engine option)");
      }
      return TfliteRuntimeClassifier.open(file(uri, options), options.threads(), labels);
    }
    if (!engine.equals(DL4J)) {
      throw new IllegalArgumentException("engine=" + engine + " in \"" + modelUri + "\" is not one of tflite"
          + " (TensorFlow Lite's runtime, the default for tflite: models) or dl4j (Deeplearning4j)");
    }
    // Only DL4J models touch ND4J, whose native libraries and pools cost hundreds of megabytes resident.
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
      return GraphClassifier.open(loaded, labels);
    } catch (RuntimeException e) {
      loaded.network().close();
      throw e;
    }
  }

  private static Path file(ModelUri uri, ClassifierOptions options) throws IOException {
    return new ModelResolver(options.cacheDir(), options.mirrors()).resolve(uri.location(), options.md5());
  }

  private static LoadedNetwork tflite(ModelUri uri, ClassifierOptions options) throws IOException {
    Path file = file(uri, options);
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
