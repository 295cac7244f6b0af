package iras.core.cloud;

import iras.core.settings.Settings;
import iras.core.testing.ManualClock;
import java.time.Duration;

/** The contract on the cloud in memory, whose time is a manual clock. */
class InMemoryCloudTest extends CloudContract {
  private final ManualClock clock = new ManualClock();

  @Override
  protected Cloud connect(Settings settings) {
    return new InMemoryCloud(settings, clock);
  }

  @Override
  protected void letTimePass(Duration time) {
    clock.advance(time);
  }
}
