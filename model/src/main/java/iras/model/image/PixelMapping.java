package iras.model.image;

/** The common conventions for a model's pixel values, for models whose files do not say (Keras, DL4J, the zoo). */
public enum PixelMapping {
  /** [-1, 1]: Keras "tf" preprocessing (MobileNet, Xception, the face classifiers). */
  SIGNED,
  /** [0, 1]: DL4J's image scaler, Darknet. */
  UNIT,
  /** BGR with the ImageNet channel means subtracted, 0..255: Keras "caffe" preprocessing (VGG, ResNet50). */
  CAFFE,
  /** 0..255 unchanged. */
  RAW;

  private static final float[] IMAGENET_MEANS_BGR = {103.939f, 116.779f, 123.68f};

  /** The input of a model with this convention; 1 channel is grey, 3 are colour. */
  public ModelInput input(int height, int width, int channels, ModelInput.Layout layout) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("a model taking " + channels + " channels is not an image model"
          + " (1 grey or 3 colour channels)");
    }
    ModelInput.Colours colours = channels == 1 ? ModelInput.Colours.GREY
        : this == CAFFE ? ModelInput.Colours.BGR : ModelInput.Colours.RGB;
    return switch (this) {
      case SIGNED -> ModelInput.of(height, width, colours, layout, 1 / 127.5f, 127.5f);
      case UNIT -> ModelInput.of(height, width, colours, layout, 1 / 255f, 0f);
      case RAW -> ModelInput.of(height, width, colours, layout, 1f, 0f);
      case CAFFE -> channels == 3
          ? new ModelInput(height, width, colours, layout, 1f, IMAGENET_MEANS_BGR)
          : ModelInput.of(height, width, colours, layout, 1f, 114.8f);
    };
  }
}
