package iras.benchmarks;

import iras.model.ModelUri;
import iras.model.face.FaceDescriber;
import iras.model.face.FaceDescription;
import iras.model.face.FaceModels;
import iras.model.face.FaceOptions;
import java.io.IOException;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The face pipeline per image, one image per call, one thread, decoding included. The stages are measured as
 * differences of pipelines: {@code detector=none} is decoding and the descriptor of the whole image;
 * {@code align=false} adds the detector at 160 (the descriptor is then of the detected box); {@code size=160} adds
 * the 68 landmarks, the aligned crop and the framed crop's descriptor; {@code size=160,320} and the default's
 * {@code 160,320,608} add the detector at each larger side (on images with that many pixels). The descriptor's cost
 * per face is the difference between the scenes with two faces and with one. The deployment's default,
 * {@code face}, describes face crops under 160 px whole.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FaceBenchmark {
  @Param({"face?detector=none", "face?size=160&align=false&whole-below=0", "face?size=160&whole-below=0",
      "face?size=160,320&whole-below=0", "face"})
  public String model;

  /**
   * A 64x64 face crop of the course's face set, a 512x600 camera portrait, and 640x480 pictures with that crop
   * pasted at three times its size, once or twice.
   */
  @Param({"course-face-64x64.jpg", "grace_hopper.bmp", "scene-1-face", "scene-2-faces"})
  public String image;

  /** The libnd4j build the face nets run on: the service ships {@code onednn}. */
  @Param({"onednn"})
  public String nativeBuild;

  private FaceDescriber describer;
  private List<byte[]> images;

  @Setup
  public void load() throws IOException {
    NativeBuild.select(nativeBuild);
    ModelUri uri = ModelUri.parse(model);
    describer = FaceModels.open(uri.withLocation(BenchmarkFiles.faceApi().toString()),
        FaceOptions.defaults(ScratchFolder.create("face-cache")));
    images = List.of(switch (image) {
      case "scene-1-face" -> BenchmarkFiles.courseFaceScene(1);
      case "scene-2-faces" -> BenchmarkFiles.courseFaceScene(2);
      case "course-face-64x64.jpg" -> BenchmarkFiles.read(BenchmarkFiles.courseFace());
      default -> BenchmarkFiles.read(BenchmarkFiles.photo(image));
    });
  }

  @Benchmark
  public FaceDescription describe(CpuTime cpu) {
    cpu.start();
    FaceDescription description = describer.describe(images).get(0);
    cpu.stop(1);
    return description;
  }

  @TearDown
  public void close() {
    describer.close();
  }
}
