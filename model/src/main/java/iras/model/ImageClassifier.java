package iras.model;

import java.util.List;

/** A loaded image classification model. */
public interface ImageClassifier extends AutoCloseable {

  /** A short name of the model, for results and logs (e.g. "mobilenet_v2_1.0_224_quant"). */
  String modelName();

  /**
   * Classifies encoded images (JPEG, PNG, BMP, GIF) in one forward pass. The result has one prediction per
   * image, in order; an image that cannot be decoded gets an error prediction without failing the others.
   */
  List<Prediction> classify(List<byte[]> images);

  @Override
  void close();
}
