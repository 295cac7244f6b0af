package iras.controller.fleet;

import java.util.List;

/** Where worker instances come from: local processes or EC2 instances. */
public interface Fleet extends AutoCloseable {
  /** Most instances of any fleet: the design's cap. */
  int MOST = 20;

  /** What runs the instances, for people: "local processes", "ec2 us-east-1". */
  String kind();

  /** The most instances this fleet can hold at once. */
  int capacity();

  /**
   * Called once as a controller starts: the instances of this deployment that already run, for the controller to
   * adopt. Strays (duplicates, leftovers it cannot adopt) the fleet stops itself.
   */
  List<WorkerInstance> reconcile() throws Exception;

  /** Starts a worker instance that will report heartbeats as {@code name}; it runs until stopped or it dies. */
  WorkerInstance launch(String name) throws Exception;

  @Override
  default void close() {}
}
