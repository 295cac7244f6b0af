package iras.localcloud;

import iras.core.cloud.CloudLayout;
import iras.core.settings.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.util.NowProvider;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.FutureConverters;

/**
 * The embedded default cloud: an SQS server (ElasticMQ, its queues and messages kept on disk, behind a {@link
 * SqsFront} that checks each call's signature and adds the queues' message size limits) and an S3 server (S3Proxy on a folder) on loopback. Clients
 * reach them through the real AWS SDK over HTTP, exactly as they would reach AWS. Both keep their state under the
 * data directory, so a crash of the process loses no accepted job.
 */
public final class LocalCloud implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalCloud.class);

  private final Path blobs;
  private final LocalCredentials credentials;
  private S3Proxy s3;
  private final SQSRestServer sqs;
  private final SqsFront sqsFront;
  private final URI s3Endpoint;
  private final URI sqsEndpoint;
  private final Optional<DurableQueues> queues;

  private final URI elasticMqEndpoint;
  /** Stops the queue manager when no {@link DurableQueues} does. */
  private final Runnable stopQueues;

  private LocalCloud(Path blobs, LocalCredentials credentials, S3Proxy s3, URI s3Endpoint, SQSRestServer sqs,
      SqsFront sqsFront, URI sqsEndpoint, URI elasticMqEndpoint, Optional<DurableQueues> queues,
      Runnable stopQueues) {
    this.queues = queues;
    this.stopQueues = stopQueues;
    this.blobs = blobs;
    this.credentials = credentials;
    this.s3 = s3;
    this.s3Endpoint = s3Endpoint;
    this.sqs = sqs;
    this.sqsFront = sqsFront;
    this.sqsEndpoint = sqsEndpoint;
    this.elasticMqEndpoint = elasticMqEndpoint;
  }

  /**
   * Starts both servers on the settings' host and ports (0 picks free ports) in the given actor system, which
   * ElasticMQ needs in its classic form.
   */
  public static LocalCloud start(Settings settings, ActorSystem system) throws Exception {
    String host = settings.localHost();
    Path blobs = settings.localDataDir().resolve("s3");
    Files.createDirectories(blobs);
    LocalCredentials credentials = LocalCredentials.of(settings.localDataDir());

    S3Proxy s3 = startS3(blobs, credentials, URI.create("http://" + host + ":" + settings.localS3Port()));
    URI s3Endpoint = URI.create("http://" + host + ":" + s3.getPort());

    Optional<DurableQueues> queues = Optional.empty();
    MessageSizeLimits limits = MessageSizeLimits.inMemory();
    if (settings.localDurableQueues()) {
      Path dir = settings.localDataDir().resolve("sqs");
      queues = Optional.of(DurableQueues.open(dir, CloudLayout.of(settings), system));
      limits = MessageSizeLimits.storedIn(dir.resolve("message-size-limits.properties"));
    }
    SqsFront front = SqsFront.bind(new InetSocketAddress(host, settings.localSqsPort()), limits,
        new SignatureCheck(credentials, Clock.systemUTC()));
    // ElasticMQ names its queues by their URLs through the front: clients must never call it past the front.
    String privateHost = InetAddress.getLoopbackAddress().getHostAddress();
    TheSQSRestServerBuilder builder = SQSRestServerBuilder.withActorSystem(system)
        .withInterface(privateHost)
        .withPort(0)
        .withServerAddress(new NodeAddress("http", host, front.port(), ""))
        .withAWSRegion(settings.region());
    // The queue manager is made here, not by ElasticMQ's server, so that the front can ask it too.
    ActorRef manager = queues.isPresent() ? queues.get().manager() : system.actorOf(Props.create(
        QueueManagerActor.class, () -> new QueueManagerActor(new NowProvider(), StrictSQSLimits$.MODULE$,
            Option.empty())), "sqs-queues");
    builder = builder.withQueueManagerActor(manager);
    if (queues.isPresent()) {
      builder = builder.withQueueEventListener(queues.get().persistence());
    }
    SQSRestServer sqs = builder.start();
    URI elasticMqEndpoint =
        URI.create("http://" + privateHost + ":" + sqs.waitUntilStarted().localAddress().getPort());
    front.serve(elasticMqEndpoint, new DirectCalls(new QueueActors(manager, system.dispatcher())));
    URI sqsEndpoint = URI.create("http://" + host + ":" + front.port());
    log.info("local cloud: S3 at {} (objects in {}), SQS at {} (queues {})", s3Endpoint, blobs, sqsEndpoint,
        queues.map(q -> "in " + q.dir()).orElse("in memory only"));
    return new LocalCloud(blobs, credentials, s3, s3Endpoint, sqs, front, sqsEndpoint, elasticMqEndpoint, queues,
        queues.isPresent() ? () -> {} : () -> system.stop(manager));
  }

  private static S3Proxy startS3(Path blobs, LocalCredentials credentials, URI endpoint) throws Exception {
    S3Proxy s3 =
        S3Proxy.builder()
            .blobStore(new FilesystemNio2BlobStore(blobs.toString()))
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
            .build();
    s3.start();
    awaitStarted(s3);
    return s3;
  }

  /** Stops the S3 server, as an outage would; {@link #restartS3()} brings it back on the same port and objects. */
  public synchronized void stopS3() throws Exception {
    s3.stop();
  }

  public synchronized void restartS3() throws Exception {
    s3 = startS3(blobs, credentials, s3Endpoint);
  }

  /** The settings a client of this cloud uses: endpoints and credentials filled in. */
  public Settings clientSettings(Settings base) {
    return base.with(
        Map.of(
            "cloud.s3-endpoint", s3Endpoint.toString(),
            "cloud.sqs-endpoint", sqsEndpoint.toString(),
            "cloud.access-key", credentials.accessKey(),
            "cloud.secret-key", credentials.secretKey()));
  }

  /** The pair both servers check every request's signature against, kept in the data folder. */
  public LocalCredentials credentials() {
    return credentials;
  }

  /**
   * The settings a client of a local cloud that another process started uses: the endpoints its settings' host and
   * ports give (fixed ports; a cloud on free ports cannot be found this way) and the credentials kept in its data
   * folder.
   */
  public static Settings clientSettingsOfRunning(Settings base) throws IOException {
    LocalCredentials credentials = LocalCredentials.of(base.localDataDir());
    return base.with(
        Map.of(
            "cloud.s3-endpoint", "http://" + base.localHost() + ":" + base.localS3Port(),
            "cloud.sqs-endpoint", "http://" + base.localHost() + ":" + base.localSqsPort(),
            "cloud.access-key", credentials.accessKey(),
            "cloud.secret-key", credentials.secretKey()));
  }

  /**
   * Has {@code look} run after each send to the named queue is acknowledged, on the thread that answers it: it must
   * return at once. A controller in this process learns so of a burst as it arrives, instead of at its next sample.
   */
  public void whenSent(String queue, Runnable look) {
    sqsFront.whenSent(queue, look);
  }

  public URI s3Endpoint() {
    return s3Endpoint;
  }

  public URI sqsEndpoint() {
    return sqsEndpoint;
  }

  /**
   * ElasticMQ itself, past the front that adds the queues' size limits: only to measure what the front costs, as
   * calls here neither see nor keep those limits.
   */
  public URI elasticMqEndpoint() {
    return elasticMqEndpoint;
  }

  @Override
  public void close() throws Exception {
    try {
      sqsFront.close();
      // A client's 20 s long poll would hold a graceful unbind that long; the actor system's end cuts it.
      FutureConverters.asJava(sqs.stopAndGetFuture().apply()).toCompletableFuture().get(2, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.debug("SQS still had open long polls when stopped");
    } finally {
      try {
        queues.ifPresent(DurableQueues::close);
        stopQueues.run();
      } finally {
        synchronized (this) {
          s3.stop();
        }
      }
    }
  }

  private static void awaitStarted(S3Proxy s3) throws InterruptedException {
    for (int i = 0; i < 200 && !"STARTED".equals(s3.getState()); i++) {
      Thread.sleep(25);
    }
    if (!"STARTED".equals(s3.getState())) {
      throw new IllegalStateException("embedded S3 did not start: " + s3.getState());
    }
  }

}
