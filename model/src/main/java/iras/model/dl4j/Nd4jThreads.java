package iras.model.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Pins every thread pool ND4J computes with. Left alone, ND4J sizes its OpenMP, BLAS and own pools from the
 * core count, and on a small machine running several workers the pools oversubscribe the cores: single-image
 * latency of MobileNetV2 then swings from 0.2 s to over 2 s. The settings are process-wide.
 */
public final class Nd4jThreads {
  private Nd4jThreads() {}

  public static synchronized void pin(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
  }
}
