package iras.app.foreground;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command in the foreground until the process is asked to stop, then closes what it runs. */
public final class Foreground {
  private Foreground() {}

  public static void holdUntilStopped(AutoCloseable running) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "stop"));
    stopped.await();
  }
}
