package iras.core.access;

/** The storage that holds the API keys cannot be reached or refused a request; trying again later may succeed. */
public final class AccessUnavailableException extends RuntimeException {
  AccessUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
