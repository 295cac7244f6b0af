package iras.benchmarks;

import iras.core.cloud.Cloud;
import iras.core.cloud.ReceivedMessage;
import iras.core.settings.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * What the embedded SQS costs per request, with its queues on disk and in memory only: one request's queue traffic
 * as the service makes it, over the SDK and HTTP. The web tier sends the request; a worker receives it, sends the
 * result on the response queue and deletes the request; the web tier receives the result and deletes it. Each call
 * that changes a message is written to disk before it is answered when {@code durable} is true. Beside the wall-clock
 * time, {@link ProcessCpu} counts the CPU time of the whole process (client, HTTP server, queues, H2) per request,
 * the steadier figure on a machine shared with other work. {@code sqs} compares the calls through the front that
 * keeps the queues' size limits, as every client makes them, with the same calls straight to ElasticMQ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QueueCostBenchmark {
  private static final String REQUEST = "{\"id\":\"6f1c8f5e-0b7e-4c59-9d59-3f3f0c6f5e11\",\"name\":\"test_00.jpg\","
      + "\"bucket\":\"bench-in-bucket\",\"key\":\"images/6f1c8f5e-0b7e-4c59-9d59-3f3f0c6f5e11\","
      + "\"submittedAt\":\"2025-06-01T12:00:00Z\"}";
  private static final String RESULT = "{\"id\":\"6f1c8f5e-0b7e-4c59-9d59-3f3f0c6f5e11\",\"name\":\"test_00.jpg\","
      + "\"label\":\"Egyptian cat\",\"confidence\":0.8}";

  @Param({"true", "false"})
  public boolean durable;

  @Param({"front", "elasticmq"})
  public String sqs;

  private BenchmarkCloud embedded;
  private Cloud cloud;

  @Setup
  public void start() throws Exception {
    embedded = BenchmarkCloud.start("queue-cost", Map.of("local.durable-queues", durable));
    Settings client = embedded.clientSettings();
    cloud = Cloud.connect(sqs.equals("front") ? client
        : client.with("cloud.sqs-endpoint", embedded.local().elasticMqEndpoint().toString()));
  }

  @Benchmark
  public void oneRequest(ProcessCpu cpu) {
    long started = ProcessCpu.now();
    cloud.requests().send(REQUEST);
    List<ReceivedMessage> request = cloud.requests().receive(1, Duration.ZERO);
    cloud.responses().send(RESULT);
    cloud.requests().delete(request);
    cloud.responses().delete(cloud.responses().receive(1, Duration.ZERO));
    cpu.add(started);
  }

  @TearDown
  public void stop() throws Exception {
    cloud.close();
    embedded.close();
  }
}
