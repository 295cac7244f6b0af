package iras.localcloud;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A call in SQS's query protocol: form fields in the URL and the body, XML answers. */
final class QueryCall implements SqsCall {
  private static final String ENTRY = "SendMessageBatchRequestEntry.";
  private static final Pattern ENTRY_FIELD = Pattern.compile(Pattern.quote(ENTRY) + "(\\d+)\\.(.+)");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("Attribute(\\.\\d+)?\\.Name");
  private static final Pattern ASKED = Pattern.compile("AttributeName(\\.\\d+)?");
  private static final Pattern MESSAGE_ATTRIBUTE_NAME = Pattern.compile("MessageAttribute\\.(\\d+)\\.Name");
  private static final String CONTENT_TYPE = "text/xml; charset=UTF-8";
  private static final String XMLNS = "http://queue.amazonaws.com/doc/2012-11-05/";
  private static final String REQUEST_ID = "00000000-0000-0000-0000-000000000000";

  private final String path;
  private final Map<String, String> bodyFields;
  private final Map<String, String> fields;

  private QueryCall(String path, Map<String, String> bodyFields, Map<String, String> fields) {
    this.path = path;
    this.bodyFields = bodyFields;
    this.fields = fields;
  }

  static QueryCall of(String rawPath, String rawQuery, byte[] body) {
    Map<String, String> bodyFields = form(new String(body, StandardCharsets.UTF_8));
    Map<String, String> fields = form(rawQuery == null ? "" : rawQuery);
    fields.putAll(bodyFields);
    return new QueryCall(URLDecoder.decode(rawPath == null ? "" : rawPath, StandardCharsets.UTF_8), bodyFields,
        fields);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : encoded.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return fields;
  }

  @Override
  public String action() {
    return fields.getOrDefault("Action", "");
  }

  @Override
  public Optional<String> queue() {
    if (fields.containsKey("QueueName")) {
      return Optional.of(fields.get("QueueName"));
    }
    if (fields.containsKey("QueueUrl")) {
      return Optional.of(SqsCall.queueOfUrl(fields.get("QueueUrl")));
    }
    // Query clients may also address the queue by the request's path, /<account>/<queue>.
    return path.length() > 1 ? Optional.of(SqsCall.queueOfUrl(path)) : Optional.empty();
  }

  @Override
  public Optional<String> attribute(String name) {
    return fields.entrySet().stream()
        .filter(f -> f.getValue().equals(name) && ATTRIBUTE_NAME.matcher(f.getKey()).matches())
        .map(f -> fields.get(f.getKey().substring(0, f.getKey().length() - "Name".length()) + "Value"))
        .filter(v -> v != null)
        .findFirst();
  }

  @Override
  public boolean asksFor(String name) {
    return fields.entrySet().stream().anyMatch(f -> ASKED.matcher(f.getKey()).matches()
        && (f.getValue().equals("All") || f.getValue().equals(name)));
  }

  @Override
  public List<Message> messages() {
    if (action().equals("SendMessage")) {
      return List.of(new Message(null, size(fields)));
    }
    List<Message> messages = new ArrayList<>();
    entries().forEach((n, entry) -> messages.add(new Message(entry.getOrDefault("Id", ""), size(entry))));
    return messages;
  }

  /** Each batch entry's fields without their prefix, by the entry's number. */
  private TreeMap<Integer, Map<String, String>> entries() {
    TreeMap<Integer, Map<String, String>> entries = new TreeMap<>();
    fields.forEach((name, value) -> {
      Matcher m = ENTRY_FIELD.matcher(name);
      if (m.matches()) {
        entries.computeIfAbsent(Integer.valueOf(m.group(1)), n -> new LinkedHashMap<>()).put(m.group(2), value);
      }
    });
    return entries;
  }

  private static long size(Map<String, String> message) {
    long bytes = SqsCall.utf8Bytes(message.get("MessageBody"));
    for (Map.Entry<String, String> field : message.entrySet()) {
      Matcher m = MESSAGE_ATTRIBUTE_NAME.matcher(field.getKey());
      if (m.matches()) {
        String value = "MessageAttribute." + m.group(1) + ".Value.";
        bytes += SqsCall.utf8Bytes(field.getValue()) + SqsCall.utf8Bytes(message.get(value + "DataType"))
            + SqsCall.utf8Bytes(message.get(value + "StringValue"))
            + (message.containsKey(value + "BinaryValue") ? SqsCall.binaryBytes(message.get(value + "BinaryValue")) : 0);
      }
    }
    return bytes;
  }

  @Override
  public byte[] without(Set<String> ids) {
    StringBuilder form = new StringBuilder();
    bodyFields.forEach((name, value) -> {
      if (!ENTRY_FIELD.matcher(name).matches()) {
        append(form, name, value);
      }
    });
    // Numbered again from 1: SQS reads entries in order and a gap would end the batch there.
    int number = 0;
    for (Map<String, String> entry : entries().values()) {
      if (!ids.contains(entry.getOrDefault("Id", ""))) {
        number++;
        for (Map.Entry<String, String> field : entry.entrySet()) {
          append(form, ENTRY + number + "." + field.getKey(), field.getValue());
        }
      }
    }
    return form.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder form, String name, String value) {
    if (form.length() > 0) {
      form.append('&');
    }
    form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  @Override
  public Answer refusal(SqsError error) {
    String xml = "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type><Code>" + escape(error.code())
        + "</Code><Message>" + escape(error.message()) + "</Message><Detail/></Error><RequestId>" + REQUEST_ID
        + "</RequestId></ErrorResponse>";
    return new Answer(error.status(), Map.of("Content-Type", List.of(CONTENT_TYPE)),
        xml.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Answer withAttribute(Answer answer, String name, String value) {
    return insertBefore(answer, "</GetQueueAttributesResult>",
        "<Attribute><Name>" + escape(name) + "</Name><Value>" + escape(value) + "</Value></Attribute>");
  }

  @Override
  public Answer withFailures(Answer answer, List<Failure> failures) {
    StringBuilder entries = new StringBuilder();
    for (Failure f : failures) {
      entries.append("<BatchResultErrorEntry><Id>").append(escape(f.id())).append("</Id><SenderFault>true</SenderFault><Code>")
          .append(escape(f.error().code())).append("</Code><Message>").append(escape(f.error().message()))
          .append("</Message></BatchResultErrorEntry>");
    }
    return insertBefore(answer, "</SendMessageBatchResult>", entries.toString());
  }

  @Override
  public Answer noneSent() {
    String xml = "<SendMessageBatchResponse xmlns=\"" + XMLNS + "\"><SendMessageBatchResult></SendMessageBatchResult>"
        + "<ResponseMetadata><RequestId>" + REQUEST_ID + "</RequestId></ResponseMetadata></SendMessageBatchResponse>";
    return new Answer(200, Map.of("Content-Type", List.of(CONTENT_TYPE)), xml.getBytes(StandardCharsets.UTF_8));
  }

  private static Answer insertBefore(Answer answer, String closingTag, String xml) {
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    int at = body.lastIndexOf(closingTag);
    if (at < 0) {
      throw new IllegalStateException("ElasticMQ's answer has no " + closingTag + ": " + body);
    }
    return answer.withBody((body.substring(0, at) + xml + body.substring(at)).getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }
}
