package iras.worker.node;

import java.time.Duration;

final class Sleep {
  private Sleep() {}

  static void quietly(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
