package iras.core.faces;

/** The gallery's storage cannot be reached or refused a request; trying again later may succeed. */
public final class GalleryUnavailableException extends RuntimeException {
  GalleryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
