package iras.app.load;

/**
 * What one request got back.
 *
 * @param status the HTTP status, or 0 when no response came (connection refused, timeout)
 * @param body the response text, or the error when no response came
 */
record Outcome(String name, int status, String body, long startNanos, long endNanos) {
  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  boolean answered() {
    return status == 200;
  }
}
