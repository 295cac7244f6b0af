package iras.core.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Typed view of the {@code iras} configuration tree. Every process of a deployment reads the same keys, so a
 * parent process hands its effective settings to a child as environment variables ({@link #asEnvironment()}).
 */
public final class Settings {
  private final Config config;

  private Settings(Config config) {
    this.config = config.getConfig("iras");
  }

  public static Settings load() {
    ConfigFactory.invalidateCaches();
    return new Settings(ConfigFactory.load());
  }

  public static Settings from(Config config) {
    return new Settings(config.withFallback(ConfigFactory.load()).resolve());
  }

  /** A copy with some keys (relative to {@code iras.}) replaced. */
  public Settings with(Map<String, ?> overrides) {
    Config c = config;
    for (Map.Entry<String, ?> e : overrides.entrySet()) {
      c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return new Settings(c.atKey("iras"));
  }

  public Settings with(String key, Object value) {
    return with(Map.of(key, value));
  }

  /** With {@code value} at {@code key} when there is one (a command-line option that was given); else unchanged. */
  public Settings withGiven(String key, Object value) {
    return value == null ? this : with(key, value);
  }

  public String deployment() {
    return config.getString("deployment");
  }

  /** Whether the buckets hold the course's objects; see {@code iras.core.cloud.CloudLayout}. */
  public boolean course() {
    return config.getBoolean("course");
  }

  public boolean reuseAnswers() {
    return config.getBoolean("reuse-answers");
  }

  public String region() {
    return config.getString("cloud.region");
  }

  public Optional<URI> s3Endpoint() {
    return optionalUri("cloud.s3-endpoint");
  }

  public Optional<URI> sqsEndpoint() {
    return optionalUri("cloud.sqs-endpoint");
  }

  /** Whether processes create the deployment's missing buckets and queues at start. */
  public boolean provision() {
    return config.getBoolean("cloud.provision");
  }

  public Optional<String> accessKey() {
    return optionalString("cloud.access-key");
  }

  public Optional<String> secretKey() {
    return optionalString("cloud.secret-key");
  }

  public Duration queueWaitTime() {
    return config.getDuration("queue.wait-time");
  }

  public Duration visibilityTimeout() {
    return config.getDuration("queue.visibility-timeout");
  }

  public int maxReceiveCount() {
    return config.getInt("queue.max-receive-count");
  }

  public String localHost() {
    return config.getString("local.host");
  }

  public int localS3Port() {
    return config.getInt("local.s3-port");
  }

  public int localSqsPort() {
    return config.getInt("local.sqs-port");
  }

  /** Whether the embedded SQS keeps its queues and messages on disk (else in memory, lost with the process). */
  public boolean localDurableQueues() {
    return config.getBoolean("local.durable-queues");
  }

  public Path localDataDir() {
    return Path.of(config.getString("local.data-dir"));
  }

  public int localWarmUpRequests() {
    return config.getInt("local.warm-up-requests");
  }

  public int webPort() {
    return config.getInt("web.port");
  }

  public Duration resultTimeout() {
    return config.getDuration("web.result-timeout");
  }

  public long maxFileSize() {
    return config.getBytes("web.max-file-size");
  }

  public long maxRequestSize() {
    return config.getBytes("web.max-request-size");
  }

  public int maxFiles() {
    return config.getInt("web.max-files");
  }

  public int maxBacklog() {
    return config.getInt("web.max-backlog");
  }

  public String courseAnswer() {
    return config.getString("web.course-answer");
  }

  public URI controllerStatusUrl() {
    return URI.create(config.getString("web.controller-status-url"));
  }

  /** The configured interface, or "auto": loopback for {@code iras local}, every interface otherwise. */
  public String webBindAddress() {
    return config.getString("web.bind-address");
  }

  public long maxPixels() {
    return config.getLong("web.max-pixels");
  }

  /** The web server's own keys ({@code iras.web}): connections, limits and TLS, read where the server is built. */
  public Config web() {
    return config.getConfig("web");
  }

  /** The admin key automation sets, if any. */
  public Optional<String> adminKey() {
    return optionalString("access.admin-key");
  }

  /** "auto", "true" or "false"; see {@code iras.access.open-uploads}. */
  public String openUploads() {
    return config.getString("access.open-uploads");
  }

  public int enrolmentsPerHour() {
    return config.getInt("access.enrolments-per-hour");
  }

  public Duration sessionLength() {
    return config.getDuration("access.session-length");
  }

  public String model() {
    return config.getString("worker.model");
  }

  /** Whether the model recognises faces (and so answers from the gallery) rather than naming what images show. */
  public boolean faceModel() {
    return model().trim().startsWith("face");
  }

  public List<String> modelMirrors() {
    return optionalString("worker.model-mirror").map(s -> List.of(s.split(","))).orElse(List.of());
  }

  /**
   * The deployment's distance beyond which a face is nobody enrolled, if set.
   *
   * @throws IllegalArgumentException when it is not a number above 0
   */
  public OptionalDouble faceUnknownBeyond() {
    Optional<String> value = optionalString("worker.face-unknown-beyond");
    if (value.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double beyond = Double.parseDouble(value.get());
      if (beyond > 0 && !Double.isInfinite(beyond)) {
        return OptionalDouble.of(beyond);
      }
    } catch (NumberFormatException e) {
      // Named below.
    }
    throw new IllegalArgumentException("IRAS_FACE_UNKNOWN_BEYOND=" + value.get() + " is not a distance above 0"
        + " (face descriptors of the same person are usually within 0.6)");
  }

  public Path modelCache() {
    return Path.of(config.getString("worker.model-cache"));
  }

  public String labels() {
    return config.getString("worker.labels");
  }

  public int workerThreads() {
    return config.getInt("worker.threads");
  }

  public int batchSize() {
    return config.getInt("worker.batch-size");
  }

  public String instanceId() {
    return config.getString("worker.instance-id");
  }

  public String workerHeap() {
    return config.getString("controller.worker-heap");
  }

  /** The controller's own keys ({@code iras.controller}), read by the controller module. */
  public Config controller() {
    return config.getConfig("controller");
  }

  /** The environment a child process needs to reach the same cloud and queues as this one. */
  public Map<String, String> asEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IRAS_DEPLOYMENT", deployment());
    env.put("IRAS_COURSE", Boolean.toString(course()));
    env.put("IRAS_REUSE_ANSWERS", Boolean.toString(reuseAnswers()));
    env.put("IRAS_REGION", region());
    env.put("IRAS_PROVISION", Boolean.toString(provision()));
    s3Endpoint().ifPresent(u -> env.put("IRAS_S3_ENDPOINT", u.toString()));
    sqsEndpoint().ifPresent(u -> env.put("IRAS_SQS_ENDPOINT", u.toString()));
    accessKey().ifPresent(k -> env.put("IRAS_ACCESS_KEY", k));
    secretKey().ifPresent(k -> env.put("IRAS_SECRET_KEY", k));
    env.put("IRAS_MODEL", model());
    env.put("IRAS_MODEL_CACHE", modelCache().toString());
    optionalString("worker.model-mirror").ifPresent(m -> env.put("IRAS_MODEL_MIRROR", m));
    env.put("IRAS_LABELS", labels());
    optionalString("worker.face-unknown-beyond").ifPresent(b -> env.put("IRAS_FACE_UNKNOWN_BEYOND", b));
    env.put("IRAS_WORKER_THREADS", Integer.toString(workerThreads()));
    env.put("IRAS_WORKER_BATCH", Integer.toString(batchSize()));
    // Every process creates the queues it uses; SQS refuses a second creation with other attributes.
    env.put("IRAS_QUEUE_VISIBILITY_TIMEOUT", visibilityTimeout().toSeconds() + "s");
    env.put("IRAS_QUEUE_MAX_RECEIVE_COUNT", Integer.toString(maxReceiveCount()));
    return env;
  }

  private Optional<String> optionalString(String key) {
    String v = config.getString(key).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private Optional<URI> optionalUri(String key) {
    return optionalString(key).map(URI::create);
  }
}
