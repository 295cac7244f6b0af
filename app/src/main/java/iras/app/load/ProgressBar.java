package iras.app.load;

import java.io.PrintStream;

/**
 * Shows how far a run is. On a terminal one line redraws in place; in a log (CI) a line is printed at each tenth,
 * so the log stays readable.
 */
public final class ProgressBar {
  private static final int WIDTH = 40;

  private final PrintStream out;
  private final int total;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private int shown = -1;
  private int lastTenth = -1;

  public ProgressBar(PrintStream out, int total, boolean terminal) {
    this.out = out;
    this.total = total;
    this.terminal = terminal;
  }

  /** Calls may arrive out of order from the threads that finish requests; the bar only moves forward. */
  public synchronized void show(int done, int failed) {
    if (done <= shown) {
      return;
    }
    shown = done;
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    String line = String.format("[%s%s] %d/%d done, %d failed, %.1f s",
        "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, failed,
        (System.nanoTime() - startNanos) / 1e9);
    if (terminal) {
      out.print("\r" + line);
      if (done == total) {
        out.println();
      }
    } else {
      int tenth = total == 0 ? 10 : done * 10 / total;
      if (tenth > lastTenth) {
        lastTenth = tenth;
        out.println(line);
      }
    }
    out.flush();
  }
}
