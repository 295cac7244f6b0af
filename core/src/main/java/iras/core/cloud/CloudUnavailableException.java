package iras.core.cloud;

/**
 * A bucket or queue did not answer, or refused the call: the one failure the cloud's ports throw, whatever the
 * storage or queue behind them, so no tier needs to know the SDK's exceptions.
 */
public final class CloudUnavailableException extends RuntimeException {
  private final boolean mayPass;

  public CloudUnavailableException(String message, Throwable cause, boolean mayPass) {
    super(message, cause);
    this.mayPass = mayPass;
  }

  /** Whether trying again later may succeed (no connection, a 5xx, throttling), unlike a refusal (a 4xx). */
  public boolean mayPass() {
    return mayPass;
  }
}
