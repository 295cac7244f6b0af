package iras.model.face;

import java.util.List;

/**
 * What the face model says about one image: each face found, most prominent first, or why the image could not be
 * read. Without a face the image is described whole, as one face without a box.
 *
 * @param faces the described faces, largest first and, of the same size, most confident first; empty on error
 * @param error why the image could not be described (it is not a readable image), or null
 */
public record FaceDescription(List<Face> faces, String error) {

  /**
   * One described face.
   *
   * @param descriptor the 128-d face descriptor (Euclidean distances between descriptors compare faces): of the
   *     face as its landmarks (or its box) place it, or of the whole image when no face was found
   * @param framed     of the face framed as a face crop frames it (a square twice its box around it), to compare
   *     with people enrolled from face crops, which are described whole; null when the whole image was described
   * @param box        where the face is, or null when no face was found and the whole image was described
   */
  public record Face(float[] descriptor, float[] framed, FaceBox box) {
    public Face {
      if ((framed == null) != (box == null)) {
        throw new IllegalArgumentException("a detected face, and only one, is also described framed");
      }
    }
  }

  public FaceDescription {
    faces = List.copyOf(faces);
    if (faces.isEmpty() == (error == null)) {
      throw new IllegalArgumentException("a face description has either faces or an error");
    }
    if (faces.size() > 1 && faces.stream().anyMatch(f -> f.box() == null)) {
      throw new IllegalArgumentException("only an image described whole is a face without a box");
    }
  }

  public static FaceDescription of(List<Face> faces) {
    return new FaceDescription(faces, null);
  }

  public static FaceDescription failed(String error) {
    return new FaceDescription(List.of(), error);
  }

  public boolean ok() {
    return error == null;
  }

  /** The most prominent face's descriptor; null on error. */
  public float[] descriptor() {
    return ok() ? faces.get(0).descriptor() : null;
  }

  /** The most prominent face's box, or null when the whole image was described or on error. */
  public FaceBox face() {
    return ok() ? faces.get(0).box() : null;
  }

  /** Whether a face was detected (false: the whole image was described, as for a face crop). */
  public boolean detected() {
    return face() != null;
  }
}
