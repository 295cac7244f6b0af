package iras.web.submit;

/** An upload the service will not accept, with the HTTP status and a message a person can act on. */
public final class RejectedUpload extends Exception {
  /** Seconds a client is asked to wait (header Retry-After) before sending again after a 503. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private final int status;

  public RejectedUpload(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
