package iras.localcloud;

import iras.localcloud.SqsCall.Answer;
import iras.localcloud.SqsCall.Failure;
import iras.localcloud.SqsCall.Message;
import iras.localcloud.SqsCall.Refused;
import iras.localcloud.SqsCall.SqsError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded SQS's public port. ElasticMQ checks no signature, so each call's is checked here against the data
 * folder's credentials. ElasticMQ 1.7 neither keeps nor enforces a queue's MaximumMessageSize (it lists
 * the attribute among those it ignores), which the service relies on and the course grades; so every call passes
 * through here to ElasticMQ on a private loopback port, unchanged but for the queues' size limits, which are kept
 * here and answered and enforced in SQS's own words. The calls producers and consumers make all the time are
 * answered here by asking ElasticMQ's queue actors directly ({@link DirectCalls}); the others pass to ElasticMQ's
 * HTTP server on a private loopback port, unchanged but for those limits.
 */
final class SqsFront implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqsFront.class);
  /** Headers the JDK's client sets itself, and those that describe one connection only. */
  private static final Set<String> NOT_PASSED = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "date");

  private static final int MOST_CALLS_AT_ONCE = 1000;

  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService threads;
  private final MessageSizeLimits limits;
  private final SignatureCheck signatures;
  private final HttpClient client;
  private volatile URI backend;
  private volatile DirectCalls direct;
  private final Map<String, Runnable> arrivals = new ConcurrentHashMap<>();

  private SqsFront(Server server, ServerConnector connector, ExecutorService threads, MessageSizeLimits limits,
      SignatureCheck signatures) {
    this.server = server;
    this.connector = connector;
    this.threads = threads;
    this.limits = limits;
    this.signatures = signatures;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
  }

  /** Binds the public port, so that ElasticMQ can be told it before it starts; calls wait for {@link #serve}. */
  static SqsFront bind(InetSocketAddress address, MessageSizeLimits limits, SignatureCheck signatures)
      throws IOException {
    // The client's own work (its answers are awaited on the serving threads, which a long poll holds up to 20 s).
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sqs-front-client");
      t.setDaemon(true);
      return t;
    });
    // Jetty, as S3Proxy: it sends without delay, where the JDK's HttpServer held each answer's body 40 ms (Nagle).
    // Threads enough for every forwarded long poll (the query protocol's) a fleet holds at once, each blocked up to
    // 20 s, plus the calls meanwhile; a long poll the queue actors answer holds no thread while it waits.
    QueuedThreadPool serving = new QueuedThreadPool(MOST_CALLS_AT_ONCE, 8);
    serving.setName("sqs-front");
    serving.setDaemon(true);
    Server server = new Server(serving);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    connector.open();
    return new SqsFront(server, connector, threads, limits, signatures);
  }

  int port() {
    return connector.getLocalPort();
  }

  void serve(URI elasticMq, DirectCalls direct) throws Exception {
    this.backend = elasticMq;
    this.direct = direct;
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        SqsFront.this.handle(request, response, callback);
        return true;
      }
    });
    server.start();
  }

  private void handle(Request request, Response response, Callback callback) {
    CompletionStage<Answer> answer;
    try {
      answer = answer(request, Content.Source.asByteBuffer(request));
    } catch (IOException e) {
      log.debug("SQS call {} failed on its way to ElasticMQ", request.getHttpURI(), e);
      answer = CompletableFuture.completedFuture(new Answer(503, Map.of(), new byte[0]));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = CompletableFuture.completedFuture(new Answer(503, Map.of(), new byte[0]));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    // A call answered by the queue actors completes on their thread: none of this front's waits for it.
    answer.whenComplete((given, failure) -> {
      if (failure != null) {
        // A fault of this front: a server error the client retries.
        log.warn("SQS call {} failed in the front", request.getHttpURI(), failure);
      }
      write(given != null ? given : new Answer(500, Map.of(), new byte[0]), response, callback);
    });
  }

  private static void write(Answer answer, Response response, Callback callback) {
    response.setStatus(answer.status());
    answer.headers().forEach((name, values) -> {
      if (!NOT_PASSED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> response.getHeaders().add(name, v));
      }
    });
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }

  private CompletionStage<Answer> answer(Request request, ByteBuffer content)
      throws IOException, InterruptedException {
    byte[] body = new byte[content.remaining()];
    content.get(body);
    HttpURI uri = request.getHttpURI();
    SqsCall call = SqsCall.of(request.getHeaders().get("X-Amz-Target"), uri.getPath(), uri.getQuery(), body);
    // Unsigned, a local page or another user of the machine could purge the queues: SQS itself would refuse it too.
    Optional<SqsError> unsigned =
        signatures.problem(request.getMethod(), uri.getPath(), uri.getQuery(), request.getHeaders(), body);
    if (unsigned.isPresent()) {
      log.warn("SQS call refused: {}", unsigned.get().message());
      return CompletableFuture.completedFuture(call.refusal(unsigned.get()));
    }
    try {
      return switch (call.action()) {
        // A call no longer than the smallest limit cannot carry a message too long: it passes unread.
        case "SendMessage", "SendMessageBatch" -> announced(call,
            body.length <= limits.smallest() ? pass(call, request, body) : send(call, request, body));
        case "GetQueueAttributes" -> done(attributes(call, forward(request, body)));
        case "CreateQueue" -> done(create(call, request, body));
        case "SetQueueAttributes" -> done(setAttributes(call, request, body));
        case "DeleteQueue" -> done(delete(call, forward(request, body)));
        default -> pass(call, request, body);
      };
    } catch (Refused e) {
      return done(call.refusal(e.error()));
    }
  }

  /** Has {@code look} run after each send to {@code queue} is acknowledged (see {@link LocalCloud#whenSent}). */
  void whenSent(String queue, Runnable look) {
    arrivals.merge(queue, look, (first, second) -> () -> {
      first.run();
      second.run();
    });
  }

  private CompletionStage<Answer> announced(SqsCall call, CompletionStage<Answer> sending) {
    return sending.thenApply(sent -> {
      Runnable look = sent.ok() ? call.queue().map(arrivals::get).orElse(null) : null;
      if (look != null) {
        try {
          look.run();
        } catch (RuntimeException e) {
          // The messages are sent: a failing listener must not turn their acknowledgement into a retried error.
          log.warn("a listener of sends to {} failed", call.queue().orElseThrow(), e);
        }
      }
      return sent;
    });
  }

  /** To the queue actors if {@link DirectCalls} answers the call, else to ElasticMQ's HTTP server. */
  private CompletionStage<Answer> pass(SqsCall call, Request request, byte[] body)
      throws IOException, InterruptedException {
    Optional<CompletionStage<Answer>> answered =
        call instanceof JsonCall json ? direct.answer(json) : Optional.empty();
    return answered.isPresent() ? answered.get() : done(forward(request, body));
  }

  private static CompletionStage<Answer> done(Answer answer) {
    return CompletableFuture.completedFuture(answer);
  }

  private CompletionStage<Answer> send(SqsCall call, Request request, byte[] body)
      throws IOException, InterruptedException {
    Optional<String> queue = call.queue();
    if (queue.isEmpty()) {
      return pass(call, request, body);
    }
    int limit = limits.of(queue.get());
    SqsError tooLong = SqsError.invalidParameterValue("Message must be shorter than " + limit + " bytes.");
    List<Message> messages = call.messages();
    List<Failure> refused = messages.stream().filter(m -> m.bytes() > limit)
        .map(m -> new Failure(m.id(), tooLong)).toList();
    if (refused.isEmpty()) {
      return pass(call, request, body);
    }
    if (call.action().equals("SendMessage")) {
      return done(call.refusal(tooLong));
    }
    // As SQS does: a batch sends the entries that fit and lists the others as failed.
    if (refused.size() == messages.size()) {
      return done(call.withFailures(call.noneSent(), refused));
    }
    byte[] fitting = call.without(refused.stream().map(Failure::id).collect(Collectors.toSet()));
    return pass(SqsCall.of(request.getHeaders().get("X-Amz-Target"), request.getHttpURI().getPath(),
            request.getHttpURI().getQuery(), fitting), request, fitting)
        .thenApply(sent -> sent.ok() ? call.withFailures(sent, refused) : sent);
  }

  private Answer attributes(SqsCall call, Answer answer) {
    Optional<String> queue = call.queue();
    return answer.ok() && queue.isPresent() && call.asksFor(SqsCall.MAXIMUM_MESSAGE_SIZE)
        ? call.withAttribute(answer, SqsCall.MAXIMUM_MESSAGE_SIZE, Integer.toString(limits.of(queue.get())))
        : answer;
  }

  private Answer create(SqsCall call, Request request, byte[] body) throws IOException, InterruptedException {
    Optional<String> queue = call.queue();
    Optional<String> asked = call.attribute(SqsCall.MAXIMUM_MESSAGE_SIZE);
    if (queue.isEmpty()) {
      return forward(request, body);
    }
    OptionalInt bytes = asked.map(MessageSizeLimits::parse).orElse(OptionalInt.empty());
    if (asked.isPresent() && bytes.isEmpty()) {
      return call.refusal(SqsError.invalidAttributeValue(SqsCall.MAXIMUM_MESSAGE_SIZE));
    }
    // Serialised with changes of other queues' limits too: queues are made a few times per process.
    synchronized (limits) {
      boolean existed = exists(queue.get());
      if (existed && bytes.isPresent() && bytes.getAsInt() != limits.of(queue.get())) {
        // SQS makes no change to an existing queue here: the attributes must match, or be changed by name.
        return call.refusal(SqsError.queueNameExists(queue.get()));
      }
      Answer created = forward(request, body);
      if (created.ok() && !existed) {
        limits.set(queue.get(), bytes.orElse(MessageSizeLimits.LARGEST_ALLOWED));
      }
      return created;
    }
  }

  private Answer setAttributes(SqsCall call, Request request, byte[] body)
      throws IOException, InterruptedException {
    Optional<String> queue = call.queue();
    Optional<String> asked = call.attribute(SqsCall.MAXIMUM_MESSAGE_SIZE);
    if (queue.isEmpty() || asked.isEmpty()) {
      return forward(request, body);
    }
    OptionalInt bytes = MessageSizeLimits.parse(asked.get());
    if (bytes.isEmpty()) {
      return call.refusal(SqsError.invalidAttributeValue(SqsCall.MAXIMUM_MESSAGE_SIZE));
    }
    synchronized (limits) {
      Answer set = forward(request, body);
      if (set.ok()) {
        limits.set(queue.get(), bytes.getAsInt());
      }
      return set;
    }
  }

  private Answer delete(SqsCall call, Answer answer) {
    if (answer.ok()) {
      call.queue().ifPresent(limits::forget);
    }
    return answer;
  }

  private boolean exists(String queue) throws IOException, InterruptedException {
    HttpRequest lookup = HttpRequest.newBuilder(backend)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", JsonCall.TARGET_PREFIX + "GetQueueUrl")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"QueueName\":\"" + queue.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}", StandardCharsets.UTF_8))
        .build();
    return client.send(lookup, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  private Answer forward(Request request, byte[] body) throws IOException, InterruptedException {
    HttpURI uri = request.getHttpURI();
    String target = uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
    HttpRequest.Builder forwarded = HttpRequest.newBuilder(backend.resolve(target))
        .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (HttpField header : request.getHeaders()) {
      if (!NOT_PASSED.contains(header.getLowerCaseName())) {
        forwarded.header(header.getName(), header.getValue());
      }
    }
    HttpResponse<byte[]> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(response.statusCode(), response.headers().map(), response.body());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    threads.shutdownNow();
  }
}
