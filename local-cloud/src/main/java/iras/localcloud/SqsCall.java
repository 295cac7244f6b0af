package iras.localcloud;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One SQS call as a client sent it, in either of SQS's wire protocols: JSON (the AWS SDKs and boto3 of today) or
 * query (form fields in, XML out; older clients), and the answers the front gives in the same protocol.
 */
sealed interface SqsCall permits JsonCall, QueryCall {
  String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";

  /** The call a request carries: JSON when it names its action in {@code X-Amz-Target}, as SQS tells them apart. */
  static SqsCall of(String target, String rawPath, String rawQuery, byte[] body) {
    return target != null && target.startsWith(JsonCall.TARGET_PREFIX)
        ? new JsonCall(target.substring(JsonCall.TARGET_PREFIX.length()), body)
        : QueryCall.of(rawPath, rawQuery, body);
  }

  String action();

  /** The queue the call is about, named or given by its URL. */
  Optional<String> queue();

  /** A queue attribute the call sets (CreateQueue, SetQueueAttributes). */
  Optional<String> attribute(String name);

  /** Whether a GetQueueAttributes call wants {@code name} in its answer. */
  boolean asksFor(String name);

  /** The messages a SendMessage (one, without an id) or SendMessageBatch call sends. */
  List<Message> messages();

  /** The call's body without the batch entries of these ids. */
  byte[] without(Set<String> ids);

  Answer refusal(SqsError error);

  Answer withAttribute(Answer answer, String name, String value);

  /** A SendMessageBatch answer that also lists these entries as failed. */
  Answer withFailures(Answer answer, List<Failure> failures);

  /** The answer to a SendMessageBatch call none of whose entries was sent, before the failures are added. */
  Answer noneSent();

  /** @param bytes its size as SQS limits it: the body and each attribute's name, type and value, in bytes */
  record Message(String id, long bytes) {}

  record Failure(String id, SqsError error) {}

  /**
   * An error as SQS names it: {@code type} in the JSON protocol (which the SDKs map to their exception classes),
   * {@code code} in the query protocol and in the JSON protocol's {@code x-amzn-query-error} header (which the SDKs
   * report as the error code).
   */
  record SqsError(int status, String type, String code, String message) {
    /** A client's error whose code is its type, as ElasticMQ names all of its own. */
    static SqsError named(String type, String message) {
      return new SqsError(400, type, type, message);
    }

    static SqsError invalidParameterValue(String reason) {
      return new SqsError(400, "InvalidParameterValue", "InvalidParameterValue",
          "One or more parameters are invalid. Reason: " + reason);
    }

    static SqsError invalidAttributeValue(String attribute) {
      return new SqsError(400, "InvalidAttributeValue", "InvalidAttributeValue",
          "Invalid value for the parameter " + attribute + ".");
    }

    static SqsError queueNameExists(String queue) {
      return new SqsError(400, "QueueNameExists", "QueueAlreadyExists",
          "A queue already exists with the same name and a different value for attribute " + MAXIMUM_MESSAGE_SIZE
              + ": " + queue);
    }
  }

  /** A call refused before it reaches ElasticMQ's actors, with the error its caller is answered. */
  final class Refused extends RuntimeException {
    private final SqsError error;

    Refused(SqsError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }

    SqsError error() {
      return error;
    }
  }

  /** An HTTP answer, from ElasticMQ or made here. */
  record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    boolean ok() {
      return status == 200;
    }

    Answer withBody(byte[] changed) {
      return new Answer(status, headers, changed);
    }
  }

  static long utf8Bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  static long binaryBytes(String base64) {
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      // Not base64: ElasticMQ refuses the call; its length bounds what it would have cost.
      return utf8Bytes(base64);
    }
  }

  /** The last segment of a queue URL, which is the queue's name. */
  static String queueOfUrl(String url) {
    String path = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
