package iras.app.load;

import java.util.Optional;

/**
 * What one request got back.
 *
 * @param status the HTTP status, or 0 when no response came (connection refused, timeout)
 * @param body the response text, or the error when no response came
 * @param jobLocation where the service keeps the job ({@code Content-Location}), or null when it named none
 */
public record Outcome(String name, int status, String body, String jobLocation, long startNanos, long endNanos) {
  Outcome(String name, int status, String body, long startNanos, long endNanos) {
    this(name, status, body, null, startNanos, endNanos);
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  /** A 2xx: the course's {@code POST /} answers 200, an enrolment 201. */
  public boolean answered() {
    return status / 100 == 2;
  }

  /** The job's id, the last segment of its {@code /api/images/<id>} location. */
  public Optional<String> jobId() {
    return Optional.ofNullable(jobLocation).map(l -> l.substring(l.lastIndexOf('/') + 1));
  }
}
