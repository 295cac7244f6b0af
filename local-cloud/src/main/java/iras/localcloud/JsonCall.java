package iras.localcloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A call in SQS's JSON protocol; its body is read only when asked about, so a passing call costs no parse. */
final class JsonCall implements SqsCall {
  static final String TARGET_PREFIX = "AmazonSQS.";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CONTENT_TYPE = "application/json";

  private final String action;
  private final byte[] body;
  private ObjectNode parsed;

  JsonCall(String action, byte[] body) {
    this.action = action;
    this.body = body;
  }

  /** @throws Refused when the body is not a JSON object, as ElasticMQ refuses it */
  ObjectNode body() {
    if (parsed == null) {
      JsonNode read;
      try {
        read = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (JacksonException e) {
        read = null;
      }
      if (!(read instanceof ObjectNode object)) {
        throw new Refused(SqsError.named("InvalidAction", "Invalid request: the body is not a JSON object."));
      }
      parsed = object;
    }
    return parsed;
  }

  @Override
  public String action() {
    return action;
  }

  @Override
  public Optional<String> queue() {
    JsonNode name = body().path("QueueName");
    if (name.isString()) {
      return Optional.of(name.stringValue());
    }
    JsonNode url = body().path("QueueUrl");
    return url.isString() ? Optional.of(SqsCall.queueOfUrl(url.stringValue())) : Optional.empty();
  }

  @Override
  public Optional<String> attribute(String name) {
    JsonNode value = body().path("Attributes").path(name);
    return value.isString() ? Optional.of(value.stringValue()) : Optional.empty();
  }

  @Override
  public boolean asksFor(String name) {
    for (JsonNode asked : body().path("AttributeNames")) {
      if (asked.isString() && (asked.stringValue().equals("All") || asked.stringValue().equals(name))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<Message> messages() {
    if (action.equals("SendMessage")) {
      return List.of(new Message(null, size(body())));
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode entry : body().path("Entries")) {
      messages.add(new Message(entry.path("Id").asString(""), size(entry)));
    }
    return messages;
  }

  private static long size(JsonNode message) {
    long bytes = SqsCall.utf8Bytes(message.path("MessageBody").asString(""));
    for (Map.Entry<String, JsonNode> attribute : message.path("MessageAttributes").properties()) {
      JsonNode value = attribute.getValue();
      bytes += SqsCall.utf8Bytes(attribute.getKey()) + SqsCall.utf8Bytes(value.path("DataType").asString(""))
          + SqsCall.utf8Bytes(value.path("StringValue").asString(""))
          + (value.path("BinaryValue").isString() ? SqsCall.binaryBytes(value.path("BinaryValue").stringValue()) : 0);
    }
    return bytes;
  }

  @Override
  public byte[] without(Set<String> ids) {
    ObjectNode copy = body().deepCopy();
    ArrayNode kept = copy.putArray("Entries");
    for (JsonNode entry : body().path("Entries")) {
      if (!ids.contains(entry.path("Id").asString(""))) {
        kept.add(entry);
      }
    }
    return JSON.writeValueAsBytes(copy);
  }

  @Override
  public Answer refusal(SqsError error) {
    ObjectNode body = JSON.createObjectNode()
        .put("__type", "com.amazonaws.sqs#" + error.type())
        .put("message", error.message());
    // "code;fault", as SQS sends it: the SDKs report the code before the semicolon as the error's code.
    return new Answer(error.status(), Map.of("Content-Type", List.of(CONTENT_TYPE),
        "x-amzn-query-error", List.of(error.code() + ";Sender")), JSON.writeValueAsBytes(body));
  }

  @Override
  public Answer withAttribute(Answer answer, String name, String value) {
    ObjectNode body = (ObjectNode) JSON.readTree(answer.body());
    JsonNode attributes = body.path("Attributes");
    (attributes.isObject() ? (ObjectNode) attributes : body.putObject("Attributes")).put(name, value);
    return answer.withBody(JSON.writeValueAsBytes(body));
  }

  @Override
  public Answer withFailures(Answer answer, List<Failure> failures) {
    ObjectNode body = (ObjectNode) JSON.readTree(answer.body());
    JsonNode listed = body.path("Failed");
    ArrayNode failed = listed.isArray() ? (ArrayNode) listed : body.putArray("Failed");
    for (Failure f : failures) {
      failed.addObject().put("Id", f.id()).put("SenderFault", true).put("Code", f.error().code())
          .put("Message", f.error().message());
    }
    return answer.withBody(JSON.writeValueAsBytes(body));
  }

  @Override
  public Answer noneSent() {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("Successful");
    return new Answer(200, Map.of("Content-Type", List.of(CONTENT_TYPE)), JSON.writeValueAsBytes(body));
  }
}
