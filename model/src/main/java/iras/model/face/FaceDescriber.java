package iras.model.face;

import iras.model.image.UndecodableImageException;
import java.util.List;

/** A loaded face pipeline: encoded images in, the descriptors of each image's faces out. */
public interface FaceDescriber extends AutoCloseable {

  /**
   * Describes every face of each encoded image (JPEG, PNG, BMP, GIF), most prominent first, or the whole image
   * when no face is found. One description per image, in order; an image that cannot be decoded gets a failed
   * description ({@link FaceDescription#failed}) without failing the others, as {@code ImageClassifier} does.
   */
  List<FaceDescription> describe(List<byte[]> images);

  /** One image; an image that cannot be decoded is an exception here. */
  default FaceDescription describe(byte[] image) throws UndecodableImageException {
    FaceDescription description = describe(List.of(image)).get(0);
    if (!description.ok()) {
      throw new UndecodableImageException(description.error());
    }
    return description;
  }

  /**
   * The distance from every enrolled descriptor beyond which a face is nobody enrolled: the deployment's setting, or
   * the model URI's {@code unknown-beyond=}, or the default chosen from measured distances (docs/MODELS.md).
   */
  double unknownBeyond();

  /** A short name of the model and its options, for results and logs. */
  String modelName();

  @Override
  void close();
}
