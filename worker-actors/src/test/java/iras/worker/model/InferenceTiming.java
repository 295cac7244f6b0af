package iras.worker.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Rough latency measurement, run by hand (not a test; timings depend on the machine):
 * {@code java -cp <test classpath> iras.worker.model.InferenceTiming [model.tflite] [threads]}. Reports the
 * milliseconds per image of classify() for single images and for batches of 8, decoding included.
 */
public final class InferenceTiming {
  private static final int RUNS = 20;

  private InferenceTiming() {}

  public static void main(String[] args) throws Exception {
    Path model = args.length > 0 ? Path.of(args[0]) : SharedFiles.model(SharedFiles.V2);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    byte[] image = Files.readAllBytes(SharedFiles.photo("cat.bmp"));
    ClassifierOptions options = ClassifierOptions.defaults(Files.createTempDirectory("iras-timing"))
        .withThreads(threads);
    try (ImageClassifier classifier = Classifiers.open("tflite:" + model, options)) {
      for (int batch : new int[] {1, 8}) {
        List<byte[]> images = Collections.nCopies(batch, image);
        for (int i = 0; i < 10; i++) {
          classifier.classify(images);
        }
        long[] perImage = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
          long start = System.nanoTime();
          classifier.classify(images);
          perImage[i] = (System.nanoTime() - start) / 1_000_000 / batch;
        }
        Arrays.sort(perImage);
        System.out.printf("%s, %d thread(s), batch %d: %d ms/image median (min %d, max %d)%n",
            classifier.modelName(), threads, batch, perImage[RUNS / 2], perImage[0], perImage[RUNS - 1]);
      }
    }
  }
}
