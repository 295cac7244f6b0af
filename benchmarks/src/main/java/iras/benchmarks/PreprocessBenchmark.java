package iras.benchmarks;

import iras.model.image.ImagePreprocessor;
import iras.model.image.ModelInput;
import iras.model.image.UndecodableImageException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding one image and turning it into MobileNetV2's 224x224 input: the part of a request before the model. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PreprocessBenchmark {
  /**
   * A 0.44-megapixel camera JPEG, a 3-megapixel one (the same photo, enlarged: as a phone uploads), a 0.18-megapixel
   * BMP, and a 64x64 JPEG of the course's test set.
   */
  @Param({"dog.jpg", "dog-3mp.jpg", "cat.bmp", "course-64x64.jpg"})
  public String image;

  /** SCALED (libjpeg, scaled in the DCT where it pays) or IMAGE_IO (the baseline); other formats use ImageIO. */
  @Param({"SCALED", "IMAGE_IO"})
  public String jpegs;

  private byte[] bytes;
  private ImagePreprocessor preprocessor;
  private float[] out;

  @Setup
  public void load() {
    bytes = switch (image) {
      case "course-64x64.jpg" -> BenchmarkFiles.read(BenchmarkFiles.course64());
      case "dog-3mp.jpg" -> BenchmarkFiles.enlarged("dog.jpg", 2048, 1536);
      default -> BenchmarkFiles.read(BenchmarkFiles.photo(image));
    };
    preprocessor = new ImagePreprocessor(
        ModelInput.of(224, 224, ModelInput.Colours.RGB, ModelInput.Layout.NCHW, 1f / 128, 128f),
        ImagePreprocessor.JpegDecoding.valueOf(jpegs));
    out = new float[preprocessor.size()];
  }

  @Benchmark
  public float[] preprocess(CpuTime cpu) throws UndecodableImageException {
    cpu.start();
    preprocessor.preprocess(bytes, out, 0);
    cpu.stop(1);
    return out;
  }
}
