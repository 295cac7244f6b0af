package iras.controller.fleet;

import java.util.concurrent.CompletionStage;

/** One worker instance as its fleet sees it. */
public interface WorkerInstance {
  String name();

  /** The fleet's own handle on it: a process id, an EC2 instance id. */
  String id();

  /** Completes, with a reason a person can read, once the instance is gone for whatever cause. */
  CompletionStage<String> terminated();

  /** Asks the instance to finish the requests it holds and go; {@link #terminated()} completes when it has. */
  void stop();

  /** Ends an instance that no longer answers, at once; what it held returns to the queue. */
  void kill();
}
