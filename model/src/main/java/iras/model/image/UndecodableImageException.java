package iras.model.image;

/** Bytes that are not an image this service can read (JPEG, PNG, BMP, GIF), or a damaged one. */
public class UndecodableImageException extends Exception {
  private static final long serialVersionUID = 1L;

  public UndecodableImageException(String message) {
    super(message);
  }

  public UndecodableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
