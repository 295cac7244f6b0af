package iras.model.dl4j;

import iras.model.ModelUri;
import iras.model.image.ModelInput;
import iras.model.image.PixelMapping;
import iras.model.source.ModelResolver;
import iras.model.source.ModelUnavailableException;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.Darknet19;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;

/**
 * {@code zoo:<name>[?weights=imagenet|random]}: deeplearning4j-zoo's ImageNet classifiers. Their pretrained weights
 * are downloaded once into DL4J's model cache (checked against the zoo's own checksum); offline, the error names the
 * file to put there. {@code weights=random} builds the same network untrained, for tests and benchmarks.
 */
public final class ZooModels {
  /** The zoo's ImageNet models, with the input each was trained on. */
  private enum Entry {
    RESNET50(() -> ResNet50.builder().numClasses(CLASSES).build(), PixelMapping.CAFFE),
    SQUEEZENET(() -> SqueezeNet.builder().numClasses(CLASSES).build(), PixelMapping.CAFFE),
    VGG16(() -> org.deeplearning4j.zoo.model.VGG16.builder().numClasses(CLASSES).build(), PixelMapping.CAFFE),
    DARKNET19(() -> Darknet19.builder().numClasses(CLASSES).build(), PixelMapping.UNIT);

    private final Supplier<ZooModel<?>> model;
    private final PixelMapping pixels;

    Entry(Supplier<ZooModel<?>> model, PixelMapping pixels) {
      this.model = model;
      this.pixels = pixels;
    }
  }

  private static final int CLASSES = 1000;

  private ZooModels() {}

  /** The names {@code zoo:} accepts. */
  public static List<String> names() {
    return Arrays.stream(Entry.values()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
  }

  public static LoadedNetwork load(ModelUri uri, List<String> mirrors) throws IOException {
    Entry entry;
    try {
      entry = Entry.valueOf(uri.location().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("zoo:" + uri.location() + " is not a zoo model; known: "
          + String.join(", ", names()));
    }
    String weights = uri.option("weights").orElse("imagenet");
    ZooModel<?> zoo = entry.model.get();
    Model network = switch (weights) {
      case "imagenet" -> pretrained(zoo, mirrors);
      case "random" -> zoo.init();
      default -> throw new IllegalArgumentException("weights=" + weights + " is not imagenet or random");
    };
    int[] shape = zoo.metaData().getInputShape()[0];
    ModelInput input = entry.pixels.input(shape[1], shape[2], shape[0], ModelInput.Layout.NCHW);
    String name = zoo.modelName() + (weights.equals("random") ? "-untrained" : "");
    return new LoadedNetwork(name, network, input);
  }

  /**
   * Fetches the weights with the project's resolver (mirrors, timeouts, atomic rename) into the zoo's cache, where
   * the zoo then finds and verifies them; the zoo's own download has no timeout and leaves partial files behind.
   */
  private static Model pretrained(ZooModel<?> zoo, List<String> mirrors) throws IOException {
    String url = zoo.pretrainedUrl(PretrainedType.IMAGENET);
    File dir = DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName());
    File cached = new File(dir, new File(url).getName());
    if (!cached.isFile()) {
      try {
        new ModelResolver(dir.toPath(), mirrors).resolve(url, null);
      } catch (ModelUnavailableException e) {
        throw new ModelUnavailableException("the pretrained ImageNet weights of zoo:" + zoo.modelName()
            + " could not be fetched: " + e.getMessage().replaceFirst("(?s) Put the file at.*", "") + " Put "
            + cached.getName() + " (from " + url + ", Adler-32 " + zoo.pretrainedChecksum(PretrainedType.IMAGENET)
            + ") at " + cached + ", or use zoo:" + zoo.modelName() + "?weights=random for an untrained network.");
      }
    }
    try {
      return zoo.initPretrained(PretrainedType.IMAGENET);
    } catch (IllegalStateException e) {
      throw new ModelUnavailableException("zoo:" + zoo.modelName() + ": " + cached + " is damaged (" + e.getMessage()
          + "); it was deleted, fetch it again");
    }
  }
}
