package iras.controller.instance;

/** Where an instance is in its life, as the controller sees it. */
public enum InstanceState {
  /** Asked of the fleet; no heartbeat yet. */
  LAUNCHING,
  /** Found running when the controller started; not heard from yet, so it may hold requests. */
  ADOPTED,
  /** Reported it is loading its model. */
  STARTING,
  /** Polling with nothing held. */
  IDLE,
  /** Holding at least one request. */
  BUSY,
  /** Finishing what it holds before it exits, though the controller did not ask (someone else stopped it). */
  DRAINING,
  /** Asked to stop: drains, then goes. */
  STOPPING,
  /** Gone after the controller stopped it. */
  STOPPED,
  /** Gone on its own, or replaced for missing its start or its heartbeats. */
  FAILED;

  /** Counts towards the fleet's size: launched and not on its way out. */
  public boolean active() {
    return this != STOPPING && this != STOPPED && this != FAILED;
  }
}
