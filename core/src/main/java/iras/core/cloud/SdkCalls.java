package iras.core.cloud;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Where the SDK adapters turn the SDK's exceptions into the ports' {@link CloudUnavailableException}. */
final class SdkCalls {
  private SdkCalls() {}

  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw unavailable(what, e);
    }
  }

  static void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  /** A refusal (a 4xx other than throttling) will not pass; no connection, a 5xx or throttling may. */
  static CloudUnavailableException unavailable(String what, SdkException e) {
    boolean refused = e instanceof AwsServiceException s && s.statusCode() < 500 && !s.isThrottlingException();
    return new CloudUnavailableException("cannot " + what + ": " + e.getMessage(), e, !refused);
  }
}
