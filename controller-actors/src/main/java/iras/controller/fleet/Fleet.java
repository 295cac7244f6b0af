package iras.controller.fleet;

/** Where worker instances come from: local processes or EC2 instances. */
public interface Fleet {
  /** Starts a worker instance named {@code name}; it runs until stopped or it dies. */
  WorkerInstance launch(String name) throws Exception;
}
