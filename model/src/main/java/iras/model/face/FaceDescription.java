package iras.model.face;

/**
 * What the face model says about one image: its 128-d descriptor, or why the image could not be read.
 *
 * @param descriptor the face descriptor (Euclidean distances between descriptors compare faces); null on error
 * @param face       the detected face that was described, or null when none was found and the whole image was
 * @param detected   whether a face was detected (false: the whole image was described, as for a face crop)
 * @param error      why the image could not be described (it is not a readable image), or null
 */
public record FaceDescription(float[] descriptor, FaceBox face, boolean detected, String error) {

  public FaceDescription {
    if ((descriptor == null) == (error == null)) {
      throw new IllegalArgumentException("a face description has either a descriptor or an error");
    }
    if (detected != (face != null)) {
      throw new IllegalArgumentException("a face box is given exactly when a face was detected");
    }
  }

  public FaceDescription(float[] descriptor, FaceBox face, boolean detected) {
    this(descriptor, face, detected, null);
  }

  public static FaceDescription failed(String error) {
    return new FaceDescription(null, null, false, error);
  }

  public boolean ok() {
    return error == null;
  }
}
