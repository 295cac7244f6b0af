package iras.localcloud;

import iras.localcloud.SqsCall.Answer;
import iras.localcloud.SqsCall.Refused;
import iras.localcloud.SqsCall.SqsError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.ActorRef;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.DefaultVisibilityTimeout$;
import org.elasticmq.DeliveryReceipt;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageData;
import org.elasticmq.MillisVisibilityTimeout;
import org.elasticmq.OnDateTimeReceived;
import org.elasticmq.VisibilityTimeout;
import org.elasticmq.msg.DeleteMessage;
import org.elasticmq.msg.ReceiveMessages;
import org.elasticmq.msg.SendMessage;
import org.elasticmq.msg.UpdateVisibilityTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls a queue's producers and consumers make all the time, in SQS's JSON protocol, answered by asking
 * ElasticMQ's queue actors directly: the one place that maps that protocol to the actors' messages. A second HTTP
 * exchange and ElasticMQ's HTTP server cost more CPU per call than the actors' work; so these calls skip both and get
 * the answers ElasticMQ's HTTP layer would give, in its words, from the same actors (which still move messages to
 * dead letters, delay, hide and long-poll them, and store what they change before they answer).
 *
 * <p>A call this class does not answer ({@link #answer} empty) is forwarded to ElasticMQ as before: other actions,
 * FIFO queues, and the parameters only FIFO queues, tracing or other attribute names use, so that their rules stay
 * ElasticMQ's. Hostile input gets the 400 SQS gives where ElasticMQ's HTTP layer answered 500.
 */
final class DirectCalls {
  private static final Logger log = LoggerFactory.getLogger(DirectCalls.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> ACTIONS = Set.of("SendMessage", "SendMessageBatch", "ReceiveMessage",
      "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch");
  private static final String CONTENT_TYPE = "application/json";
  private static final String TYPE_PREFIX = "com.amazonaws.sqs#";
  private static final int MOST_ENTRIES = 10;
  private static final int LONGEST_POLL_SECONDS = 20;
  private static final int LONGEST_VISIBILITY_SECONDS = 43_200;
  /** The wait of every ask but a long poll's: the margin alone bounds it. */
  private static final Duration NO_WAIT = Duration.ZERO;

  /** Parameters of FIFO queues, tracing and receive retries: a call that has one is ElasticMQ's to answer. */
  private static final Set<String> LEFT_TO_ELASTICMQ = Set.of("MessageGroupId", "MessageDeduplicationId",
      "MessageSystemAttributes", "ReceiveRequestAttemptId");

  /** The message attributes this class computes, as ElasticMQ does for a standard queue. */
  private static final Set<String> SYSTEM_ATTRIBUTES =
      Set.of("SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SenderId");

  private final QueueActors actors;

  DirectCalls(QueueActors actors) {
    this.actors = actors;
  }

  /** The answer to {@code call}, or empty if it is one to forward to ElasticMQ. */
  Optional<CompletionStage<Answer>> answer(JsonCall call) {
    if (!ACTIONS.contains(call.action())) {
      return Optional.empty();
    }
    try {
      ObjectNode body = call.body();
      if (leftToElasticMq(body) || queueOf(body).endsWith(".fifo")) {
        return Optional.empty();
      }
      Function<ActorRef, CompletionStage<Answer>> asking = switch (call.action()) {
        case "SendMessage" -> send(body);
        case "SendMessageBatch" -> sendBatch(body);
        case "ReceiveMessage" -> receive(body);
        case "DeleteMessage" -> delete(body);
        case "DeleteMessageBatch" -> deleteBatch(body);
        case "ChangeMessageVisibility" -> changeVisibility(body);
        default -> changeVisibilityBatch(body);
      };
      return Optional.of(actors.queue(queueOf(body))
          .thenCompose(actor -> actor.isPresent() ? asking.apply(actor.get()) : refused(SqsError.named(
              "QueueDoesNotExist", "The specified queue does not exist.")))
          .exceptionally(failure -> unanswered(call.action(), failure)));
    } catch (Refused e) {
      return Optional.of(refused(e.error()));
    }
  }

  private static boolean leftToElasticMq(ObjectNode body) {
    if (LEFT_TO_ELASTICMQ.stream().anyMatch(body::has)) {
      return true;
    }
    for (JsonNode entry : body.path("Entries")) {
      if (LEFT_TO_ELASTICMQ.stream().anyMatch(entry::has)) {
        return true;
      }
    }
    for (String named : List.of("AttributeNames", "MessageSystemAttributeNames")) {
      for (JsonNode name : body.path(named)) {
        // A name that is not text is refused below.
        if (name.isString() && !SYSTEM_ATTRIBUTES.contains(name.stringValue())) {
          return true;
        }
      }
    }
    for (JsonNode name : body.path("MessageAttributeNames")) {
      // Prefixes ("colour.*") are matched by ElasticMQ's own rule.
      if (name.isString() && name.stringValue().contains("*") && !name.stringValue().equals(".*")) {
        return true;
      }
    }
    return false;
  }

  private static String queueOf(ObjectNode body) {
    return SqsCall.queueOfUrl(text(body, "QueueUrl"));
  }

  private Function<ActorRef, CompletionStage<Answer>> send(ObjectNode body) {
    MessageToSend message = MessageToSend.of(body);
    return queue -> actors.ask(queue, new SendMessage(message.data()), NO_WAIT)
        .thenApply(sent -> ok(sentEntry(JSON.createObjectNode(), message, (MessageData) sent)));
  }

  private Function<ActorRef, CompletionStage<Answer>> sendBatch(ObjectNode body) {
    List<JsonNode> entries = entries(body);
    return queue -> batch(entries, entry -> {
      MessageToSend message = MessageToSend.of(entry);
      return actors.ask(queue, new SendMessage(message.data()), NO_WAIT)
          .thenApply(sent -> sentEntry(JSON.createObjectNode(), message, (MessageData) sent));
    });
  }

  private static ObjectNode sentEntry(ObjectNode answer, MessageToSend message, MessageData sent) {
    if (!message.attributes().isEmpty()) {
      answer.put("MD5OfMessageAttributes", MessageDigests.ofAttributes(message.attributes()));
    }
    return answer.put("MD5OfMessageBody", MessageDigests.ofBody(message.body())).put("MessageId", sent.id().id());
  }

  private Function<ActorRef, CompletionStage<Answer>> receive(ObjectNode body) {
    int most = integer(body, "MaxNumberOfMessages", 1, 1, MOST_ENTRIES, "InvalidAttributeValue");
    Option<Duration> wait = body.has("WaitTimeSeconds")
        ? Option.apply(Duration.ofSeconds(
            integer(body, "WaitTimeSeconds", 0, 0, LONGEST_POLL_SECONDS, "InvalidAttributeValue")))
        : Option.empty();
    VisibilityTimeout visibility = body.has("VisibilityTimeout")
        ? MillisVisibilityTimeout.fromSeconds(visibilitySeconds(body))
        : DefaultVisibilityTimeout$.MODULE$;
    Set<String> attributes = new HashSet<>();
    for (String named : List.of("AttributeNames", "MessageSystemAttributeNames")) {
      strings(body, named).forEach(attributes::add);
    }
    List<String> messageAttributes = strings(body, "MessageAttributeNames");
    // Without WaitTimeSeconds the queue's own wait applies, at most SQS's longest.
    Duration waiting = wait.isDefined() ? wait.get() : Duration.ofSeconds(LONGEST_POLL_SECONDS);
    return queue -> actors.ask(queue, new ReceiveMessages(visibility, most, wait, Option.empty()), waiting)
        .thenApply(received -> {
          ObjectNode answer = JSON.createObjectNode();
          ArrayNode messages = answer.putArray("Messages");
          for (MessageData m : CollectionConverters.asJava((scala.collection.immutable.List<MessageData>) received)) {
            messages.add(message(m, attributes, messageAttributes));
          }
          return ok(answer);
        });
  }

  private static ObjectNode message(MessageData m, Set<String> attributes, List<String> messageAttributes) {
    ObjectNode message = JSON.createObjectNode();
    ObjectNode system = JSON.createObjectNode();
    if (attributes.contains("SentTimestamp")) {
      system.put("SentTimestamp", Long.toString(m.created().toInstant().toEpochMilli()));
    }
    if (attributes.contains("ApproximateReceiveCount")) {
      system.put("ApproximateReceiveCount", Integer.toString(m.statistics().approximateReceiveCount()));
    }
    if (attributes.contains("ApproximateFirstReceiveTimestamp")) {
      system.put("ApproximateFirstReceiveTimestamp", Long.toString(
          m.statistics().approximateFirstReceive() instanceof OnDateTimeReceived r ? r.when().toInstant().toEpochMilli()
              : 0));
    }
    if (attributes.contains("SenderId")) {
      system.put("SenderId", "127.0.0.1");
    }
    if (!system.isEmpty()) {
      message.set("Attributes", system);
    }
    message.put("Body", m.content().value()).put("MD5OfBody", MessageDigests.ofBody(m.content().value()));
    Map<String, MessageAttribute> kept = new LinkedHashMap<>();
    CollectionConverters.asJava(m.messageAttributes()).forEach((name, value) -> {
      if (messageAttributes.contains("All") || messageAttributes.contains(".*") || messageAttributes.contains(name)) {
        kept.put(name, value);
      }
    });
    if (!kept.isEmpty()) {
      message.put("MD5OfMessageAttributes", MessageDigests.ofAttributes(kept));
      ObjectNode values = message.putObject("MessageAttributes");
      kept.forEach((name, value) -> {
        ObjectNode v = values.putObject(name).put("DataType", value.getDataType());
        if (value instanceof BinaryMessageAttribute binary) {
          v.put("BinaryValue", binary.asBase64());
        } else {
          v.put("StringValue", MessageDigests.text(value));
        }
      });
    }
    // A received message always has a receipt: were it missing, the call fails as a server error.
    return message.put("MessageId", m.id().id()).put("ReceiptHandle", m.deliveryReceipt().get().receipt());
  }

  private Function<ActorRef, CompletionStage<Answer>> delete(ObjectNode body) {
    String receipt = text(body, "ReceiptHandle");
    return queue -> actors.ask(queue, new DeleteMessage(new DeliveryReceipt(receipt)), NO_WAIT)
        .thenApply(done -> unknownReceipt(done, receipt).map(DirectCalls::refusal).orElseGet(DirectCalls::empty));
  }

  private Function<ActorRef, CompletionStage<Answer>> deleteBatch(ObjectNode body) {
    List<JsonNode> entries = entries(body);
    return queue -> batch(entries, entry -> {
      String receipt = text(entry, "ReceiptHandle");
      return actors.ask(queue, new DeleteMessage(new DeliveryReceipt(receipt)), NO_WAIT)
          .thenApply(done -> orRefused(unknownReceipt(done, receipt)));
    });
  }

  private Function<ActorRef, CompletionStage<Answer>> changeVisibility(ObjectNode body) {
    String receipt = text(body, "ReceiptHandle");
    long seconds = visibilitySeconds(body);
    return queue -> actors.ask(queue, new UpdateVisibilityTimeout(new DeliveryReceipt(receipt),
            MillisVisibilityTimeout.fromSeconds(seconds)), NO_WAIT)
        .thenApply(done -> unknownReceipt(done, receipt).map(DirectCalls::refusal).orElseGet(DirectCalls::empty));
  }

  private Function<ActorRef, CompletionStage<Answer>> changeVisibilityBatch(ObjectNode body) {
    List<JsonNode> entries = entries(body);
    return queue -> batch(entries, entry -> {
      String receipt = text(entry, "ReceiptHandle");
      long seconds = visibilitySeconds(entry);
      return actors.ask(queue, new UpdateVisibilityTimeout(new DeliveryReceipt(receipt),
              MillisVisibilityTimeout.fromSeconds(seconds)), NO_WAIT)
          .thenApply(done -> orRefused(unknownReceipt(done, receipt)));
    });
  }

  /** The refusal of a receipt handle the queue does not know (ElasticMQ's actors answer Left for it). */
  private static Optional<SqsError> unknownReceipt(Object answer, String receipt) {
    return answer instanceof Either<?, ?> either && either.isLeft()
        ? Optional.of(SqsError.named("ReceiptHandleIsInvalid", "The receipt handle \"" + receipt + "\" is not valid."))
        : Optional.empty();
  }

  /** A batch entry's own answer fields (none), or its refusal thrown for {@link #batch} to list it as failed. */
  private static ObjectNode orRefused(Optional<SqsError> refusal) {
    if (refusal.isPresent()) {
      throw new Refused(refusal.get());
    }
    return JSON.createObjectNode();
  }

  /**
   * A batch's entries, each asked for on its own as ElasticMQ does: an entry that is refused ({@link Refused} when
   * read or answered) is listed as failed, the others as successful, in their order.
   */
  private static CompletionStage<Answer> batch(List<JsonNode> entries,
      Function<JsonNode, CompletionStage<ObjectNode>> each) {
    List<CompletableFuture<BatchEntry>> outcomes = new ArrayList<>();
    for (JsonNode entry : entries) {
      String id = entry.path("Id").stringValue();
      CompletionStage<ObjectNode> asked;
      try {
        asked = each.apply(entry);
      } catch (Refused e) {
        asked = CompletableFuture.failedFuture(e);
      }
      outcomes.add(asked.handle((done, failure) -> {
        Throwable cause = failure instanceof CompletionException c ? c.getCause() : failure;
        if (cause == null) {
          return new BatchEntry(false, JSON.createObjectNode().put("Id", id).setAll(done));
        }
        if (cause instanceof Refused r) {
          return new BatchEntry(true, JSON.createObjectNode().put("Code", r.error().type()).put("Id", id)
              .put("Message", r.error().message()).put("SenderFault", true));
        }
        throw new CompletionException(cause);
      }).toCompletableFuture());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(all -> {
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode failed = JSON.createArrayNode();
      ArrayNode successful = answer.putArray("Successful");
      for (CompletableFuture<BatchEntry> outcome : outcomes) {
        BatchEntry entry = outcome.join();
        (entry.failed() ? failed : successful).add(entry.answer());
      }
      if (!failed.isEmpty()) {
        answer.set("Failed", failed);
      }
      return ok(answer);
    });
  }

  private record BatchEntry(boolean failed, ObjectNode answer) {}

  /** A batch's entries, refused as a whole as ElasticMQ refuses them: too many, or ids given twice. */
  private static List<JsonNode> entries(ObjectNode body) {
    JsonNode given = body.path("Entries");
    if (!given.isArray()) {
      throw new Refused(missing("Entries"));
    }
    if (given.size() > MOST_ENTRIES) {
      throw new Refused(SqsError.named("TooManyEntriesInBatchRequest", "TooManyEntriesInBatchRequest"));
    }
    Set<String> ids = new HashSet<>();
    List<JsonNode> entries = new ArrayList<>();
    for (JsonNode entry : given) {
      if (!ids.add(text(entry, "Id"))) {
        throw new Refused(SqsError.named("BatchEntryIdsNotDistinct", "BatchEntryIdsNotDistinct"));
      }
      entries.add(entry);
    }
    return entries;
  }

  private static long visibilitySeconds(JsonNode body) {
    return integer(body, "VisibilityTimeout", -1, 0, LONGEST_VISIBILITY_SECONDS, "InvalidParameterValue");
  }

  /** An integer parameter in {@code [least, most]}, or {@code absent} when not given (negative: required). */
  private static int integer(JsonNode body, String name, int absent, int least, int most, String errorType) {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      if (absent < 0) {
        throw new Refused(missing(name));
      }
      return absent;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < least
        || value.intValue() > most) {
      throw new Refused(SqsError.named(errorType, "The attribute value for " + name + " is invalid."));
    }
    return value.intValue();
  }

  private static String text(JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (!value.isString() || value.stringValue().isEmpty()) {
      throw new Refused(missing(name));
    }
    return value.stringValue();
  }

  private static List<String> strings(JsonNode body, String name) {
    JsonNode value = body.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    List<String> strings = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (item.isString()) {
          strings.add(item.stringValue());
        }
      }
      if (strings.size() == value.size()) {
        return strings;
      }
    }
    throw new Refused(SqsError.named("InvalidParameterValue", name + " must be a list of names."));
  }

  private static SqsError missing(String name) {
    return SqsError.named("MissingParameter", "The request must contain the parameter " + name + ".");
  }

  private static Answer ok(ObjectNode body) {
    return new Answer(200, Map.of("Content-Type", List.of(CONTENT_TYPE)), JSON.writeValueAsBytes(body));
  }

  private static Answer empty() {
    return new Answer(200, Map.of(), new byte[0]);
  }

  private static CompletionStage<Answer> refused(SqsError error) {
    return CompletableFuture.completedFuture(refusal(error));
  }

  /** An error as ElasticMQ's HTTP layer writes it, so that the SDK maps it to the same exception and code. */
  private static Answer refusal(SqsError error) {
    ObjectNode body = JSON.createObjectNode().put("Message", error.message()).put("__type", TYPE_PREFIX + error.type());
    return new Answer(error.status(), Map.of("Content-Type", List.of(CONTENT_TYPE),
        "x-amzn-query-error", List.of(TYPE_PREFIX + error.type())), JSON.writeValueAsBytes(body));
  }

  /** An actor that did not answer in time, or failed: a server error, which the SDK retries. */
  private static Answer unanswered(String action, Throwable failure) {
    log.warn("SQS {} got no answer from its queue: {}", action, failure.toString());
    return refusal(new SqsError(503, "ServiceUnavailable", "ServiceUnavailable",
        "The queue did not answer in time; try again."));
  }
}
