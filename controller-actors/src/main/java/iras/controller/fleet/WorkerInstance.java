package iras.controller.fleet;

import java.util.concurrent.CompletionStage;

/** One running worker instance as its fleet sees it. */
public interface WorkerInstance {
  String name();

  /** Completes, with a reason a person can read, once the instance is gone for whatever cause. */
  CompletionStage<String> terminated();

  /** Asks the instance to finish or hand back its work and go; {@link #terminated()} completes when it has. */
  void stop();
}
