package iras.web.submit;

/** An upload the service will not accept, with the HTTP status and a message a person can act on. */
public final class RejectedUpload extends Exception {
  private final int status;

  public RejectedUpload(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
