package iras.model.tfjs;

import java.io.IOException;

/** A TF.js weights manifest or weights file that cannot be read as such. */
public class TfjsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TfjsFormatException(String message) {
    super(message);
  }
}
