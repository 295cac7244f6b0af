package iras.controller.sensing;

/**
 * Word that requests were just sent to the request queue, from whatever in this process sees them arrive (the
 * embedded cloud sees every send). A fleet at rest otherwise learns of a burst at its gauge's next sample, up to an
 * interval later; told, the gauge looks at once. Where nothing can tell (AWS's SQS), the samples alone decide.
 */
@FunctionalInterface
public interface RequestArrivals {
  /** Has {@code look} run after each acknowledged send; it must return at once. */
  void whenSent(Runnable look);

  static RequestArrivals unseen() {
    return look -> {};
  }
}
