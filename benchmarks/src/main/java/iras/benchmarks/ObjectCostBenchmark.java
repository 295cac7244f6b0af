package iras.benchmarks;

import iras.core.cloud.Cloud;
import iras.core.job.ImageJob;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the embedded S3 costs per job: its object traffic as the service makes it, over the SDK and HTTP. The web
 * tier stores the upload with the job's metadata; a worker reads it back and stores the result in the records
 * bucket. {@link ProcessCpu} counts the CPU of the whole process (SDK clients, S3Proxy, its file system store) per
 * job; the embedded cloud runs as {@code iras local} runs it, its objects on disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObjectCostBenchmark {
  /** The size of a course face image (face_images_1000 holds about 4 KB each). */
  private static final int IMAGE_BYTES = 4096;
  private static final String RESULT = "{\"id\":\"6f1c8f5e-0b7e-4c59-9d59-3f3f0c6f5e11\",\"name\":\"test_00.jpg\","
      + "\"label\":\"Paul\",\"confidence\":0.8}";

  private BenchmarkCloud embedded;
  private Cloud cloud;
  private final byte[] image = new byte[IMAGE_BYTES];

  @Setup
  public void start() throws Exception {
    new Random(546).nextBytes(image);
    embedded = BenchmarkCloud.start("object-cost", Map.of());
    cloud = Cloud.connect(embedded.clientSettings());
  }

  @Benchmark
  public byte[] oneJob(ProcessCpu cpu) {
    long started = ProcessCpu.now();
    String id = UUID.randomUUID().toString();
    ImageJob job = new ImageJob(id, "test_00.jpg", cloud.layout().imageBucket(), "images/" + id, Instant.now());
    cloud.store().put(job.bucket(), job.key(), image, "image/jpeg", job.imageMetadata());
    byte[] read = cloud.store().get(job.bucket(), job.key());
    cloud.results().store(id, RESULT.replace("6f1c8f5e-0b7e-4c59-9d59-3f3f0c6f5e11", id));
    cpu.add(started);
    return read;
  }

  @TearDown
  public void stop() throws Exception {
    cloud.close();
    embedded.close();
  }
}
