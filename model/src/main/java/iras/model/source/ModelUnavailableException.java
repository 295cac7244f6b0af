package iras.model.source;

import java.io.IOException;

/** A model file that could not be found or fetched, with what to do about it in the message. */
public class ModelUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public ModelUnavailableException(String message) {
    super(message);
  }
}
