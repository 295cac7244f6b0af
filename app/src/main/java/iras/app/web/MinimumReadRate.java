package iras.app.web;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Fails the body of a request that arrives slower than {@code bytesPerSecond}, over the request so far, so that a
 * client dripping a byte now and then gets its upload refused and gives the server thread back. Jetty 12 no longer
 * applies {@code HttpConfiguration}'s minimum request data rate, and its own {@code MinimumDataRateHandler} compares
 * the rate of all requests together, which other users' uploads keep high.
 */
final class MinimumReadRate extends Handler.Wrapper {
  /** A body is not judged on its first second: a client's first packets may lag behind its headers. */
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final long bytesPerSecond;

  MinimumReadRate(Handler application, long bytesPerSecond) {
    super(application);
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    return super.handle(bytesPerSecond > 0 ? new Measured(request) : request, response, callback);
  }

  /** A request whose body reads fail once its rate so far is below the minimum. */
  private final class Measured extends Request.Wrapper {
    private long firstDemand;
    private long bytes;
    private Content.Chunk tooSlow;

    Measured(Request request) {
      super(request);
    }

    @Override
    public synchronized void demand(Runnable demandCallback) {
      started();
      if (tooSlow == null && slow()) {
        tooSlow = Content.Chunk.from(new TimeoutException(
            "the request body arrived slower than " + bytesPerSecond + " bytes per second"));
      }
      if (tooSlow != null) {
        demandCallback.run();
        return;
      }
      super.demand(demandCallback);
    }

    @Override
    public synchronized Content.Chunk read() {
      if (tooSlow != null) {
        return tooSlow;
      }
      started();
      Content.Chunk chunk = super.read();
      if (chunk != null) {
        bytes += chunk.remaining();
      }
      return chunk;
    }

    private void started() {
      if (firstDemand == 0) {
        firstDemand = System.nanoTime();
      }
    }

    private boolean slow() {
      long elapsed = System.nanoTime() - firstDemand;
      return elapsed >= GRACE_NANOS && bytes * TimeUnit.SECONDS.toNanos(1) / elapsed < bytesPerSecond;
    }
  }
}
