package iras.model.dl4j;

import iras.model.ModelUri;
import iras.model.image.ModelInput;
import iras.model.image.PixelMapping;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The input of a network that comes without preprocessing facts (Keras, DL4J zips): size, channels and layout from
 * the URI's {@code input=<height>x<width>x<channels>} or else the input type the file declares (Keras files do,
 * DL4J 1.0.0-M2.1 zips do not); pixel values by the URI's {@code pixels=signed|unit|caffe|raw}, or the source's
 * usual convention.
 */
final class NetworkInputs {
  private NetworkInputs() {}

  /** @param declared the input type the model file declares, if it does */
  static ModelInput of(ModelUri uri, Optional<InputType> declared, PixelMapping usualPixels,
      ModelInput.Layout usualLayout) {
    PixelMapping pixels = uri.option("pixels").map(NetworkInputs::pixels).orElse(usualPixels);
    if (uri.option("input").isPresent()) {
      int[] shape = shape(uri.option("input").get());
      return pixels.input(shape[0], shape[1], shape[2], usualLayout);
    }
    if (declared.isPresent() && declared.get() instanceof InputType.InputTypeConvolutional c) {
      ModelInput.Layout layout = c.getFormat() == CNN2DFormat.NHWC ? ModelInput.Layout.NHWC : ModelInput.Layout.NCHW;
      return pixels.input((int) c.getHeight(), (int) c.getWidth(), (int) c.getChannels(), layout);
    }
    throw new IllegalArgumentException("the model " + uri.location() + " does not declare an image input; add"
        + " ?input=<height>x<width>x<channels>, e.g. ?input=224x224x3");
  }

  private static PixelMapping pixels(String name) {
    try {
      return PixelMapping.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pixels=" + name + " is not one of signed ([-1, 1]), unit ([0, 1]),"
          + " caffe (BGR minus the ImageNet means) or raw (0..255)");
    }
  }

  private static int[] shape(String text) {
    String[] parts = text.split("x");
    try {
      if (parts.length == 3) {
        int[] shape = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
        if (shape[0] > 0 && shape[1] > 0 && shape[0] <= 4096 && shape[1] <= 4096) {
          return shape;
        }
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("input=" + text + " is not <height>x<width>x<channels>, e.g. 224x224x3");
  }
}
