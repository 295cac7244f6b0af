package iras.localcloud;

import iras.localcloud.SqsCall.Refused;
import iras.localcloud.SqsCall.SqsError;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticmq.AfterMillisNextDelivery;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.ImmediateNextDelivery$;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
import org.elasticmq.NewMessageData;
import org.elasticmq.NextDelivery;
import org.elasticmq.NumberMessageAttribute;
import org.elasticmq.StringMessageAttribute;
import scala.Option;
import tools.jackson.databind.JsonNode;

/**
 * A message of a SendMessage call or a SendMessageBatch entry, read and checked as ElasticMQ's HTTP layer checks it
 * (its errors in its words), as the queue actor takes it.
 */
record MessageToSend(String body, Map<String, MessageAttribute> attributes, NextDelivery delivery) {
  private static final int LONGEST_DELAY_SECONDS = 900;
  /** SQS's bounds for a Number attribute, exclusive. */
  private static final BigDecimal SMALLEST_NUMBER = BigDecimal.TEN.pow(128).negate();

  private static final BigDecimal LARGEST_NUMBER = BigDecimal.TEN.pow(126);

  /** @throws Refused when ElasticMQ would have refused the message */
  static MessageToSend of(JsonNode message) {
    JsonNode body = message.path("MessageBody");
    if (!body.isString() || body.stringValue().isEmpty()) {
      throw new Refused(SqsError.named("InvalidAttributeValue", "The request must contain the parameter MessageBody."));
    }
    if (hasInvalidCharacters(body.stringValue())) {
      throw new Refused(SqsError.named("InvalidAttributeValue", "InvalidMessageContents"));
    }
    return new MessageToSend(body.stringValue(), attributes(message.path("MessageAttributes")),
        delivery(message.path("DelaySeconds")));
  }

  NewMessageData data() {
    scala.collection.immutable.Map<String, MessageAttribute> attributes = scala.collection.immutable.Map$.MODULE$
        .empty();
    for (Map.Entry<String, MessageAttribute> a : this.attributes.entrySet()) {
      attributes = attributes.updated(a.getKey(), a.getValue());
    }
    return new NewMessageData(Option.empty(), new MessageContent(body), attributes, delivery, Option.empty(),
        Option.empty(), 0, Option.empty(), Option.empty(), Option.empty());
  }

  private static NextDelivery delivery(JsonNode delay) {
    if (delay.isMissingNode() || delay.isNull()) {
      return ImmediateNextDelivery$.MODULE$;
    }
    if (!delay.isIntegralNumber() || !delay.canConvertToInt() || delay.intValue() < 0
        || delay.intValue() > LONGEST_DELAY_SECONDS) {
      throw new Refused(SqsError.named("InvalidParameterValue",
          "DelaySeconds must be >= 0 and <= " + LONGEST_DELAY_SECONDS));
    }
    return new AfterMillisNextDelivery(delay.intValue() * 1000L);
  }

  private static Map<String, MessageAttribute> attributes(JsonNode given) {
    Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
    if (given.isMissingNode() || given.isNull()) {
      return attributes;
    }
    if (!given.isObject()) {
      throw new Refused(SqsError.named("InvalidParameterValue", "MessageAttributes must be a map."));
    }
    for (Map.Entry<String, JsonNode> attribute : given.properties()) {
      attributes.put(attribute.getKey(), attribute(attribute.getValue()));
    }
    return attributes;
  }

  private static MessageAttribute attribute(JsonNode value) {
    String dataType = required(value, "DataType");
    int dot = dataType.indexOf('.');
    String primary = dot < 0 ? dataType : dataType.substring(0, dot);
    Option<String> custom = dot < 0 ? Option.empty() : Option.apply(dataType.substring(dot + 1));
    return switch (primary) {
      case "String" -> new StringMessageAttribute(required(value, "StringValue"), custom);
      case "Number" -> new NumberMessageAttribute(number(required(value, "StringValue")), custom);
      case "Binary" -> BinaryMessageAttribute.fromBase64(base64(required(value, "BinaryValue")), custom);
      default -> throw new Refused(SqsError.named("InvalidParameterValue",
          "Currently only handles String, Number and Binary typed attributes"));
    };
  }

  private static String required(JsonNode value, String field) {
    JsonNode text = value.path(field);
    if (!text.isString()) {
      throw new Refused(SqsError.named("MissingParameter", "The request must contain the parameter " + field + "."));
    }
    return text.stringValue();
  }

  private static String number(String value) {
    BigDecimal number;
    try {
      number = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      number = null;
    }
    if (number == null || number.compareTo(SMALLEST_NUMBER) <= 0 || number.compareTo(LARGEST_NUMBER) >= 0) {
      throw new Refused(SqsError.named("InvalidAttributeValue",
          "Number attribute value " + value + " should be in range (-10**128..10**126)"));
    }
    return value;
  }

  private static String base64(String value) {
    try {
      Base64.getDecoder().decode(value);
      return value;
    } catch (IllegalArgumentException e) {
      throw new Refused(SqsError.named("InvalidParameterValue", "BinaryValue is not valid base64."));
    }
  }

  /** The characters SQS allows in a body: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF. */
  private static boolean hasInvalidCharacters(String body) {
    return body.codePoints().anyMatch(c -> !(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)));
  }
}
