package iras.model.tflite;

import java.io.IOException;

/** A TFLite file that is malformed, or uses something this importer does not support. */
public class TfliteFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TfliteFormatException(String message) {
    super(message);
  }
}
