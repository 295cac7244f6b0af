package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudClients;
import iras.core.settings.Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Signed JSON calls whose bodies no SDK would send, answered by the front for the hot actions: each gets SQS's 400
 * with an error type the SDKs map, never a server error (which a client retries forever) nor a hang.
 */
class HostileSqsBodiesIT {
  @TempDir static Path dataDir;
  static ActorSystem system;
  static LocalCloud cloud;
  static SignedCalls calls;
  static String queue;

  @BeforeAll
  static void start() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "hostile");
    system = ActorSystem.create("hostile");
    cloud = LocalCloud.start(settings, system);
    calls = new SignedCalls(cloud.credentials());
    try (SqsClient sqs = CloudClients.sqs(cloud.clientSettings(settings))) {
      queue = sqs.createQueue(b -> b.queueName("hostile")).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a message to receive"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    cloud.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An action and its body, with the error type SQS answers it. */
  record Hostile(String action, String body, String type) {
    @Override
    public String toString() {
      return action + " " + body;
    }
  }

  static List<Hostile> bodies() {
    String url = "\"QueueUrl\":\"" + queue + "\"";
    List<Hostile> bodies = new ArrayList<>();
    for (String action : List.of("SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
        "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch")) {
      bodies.add(new Hostile(action, "{not json", "InvalidAction"));
      bodies.add(new Hostile(action, "[1, 2]", "InvalidAction"));
      bodies.add(new Hostile(action, "\"text\"", "InvalidAction"));
      bodies.add(new Hostile(action, "{}", "MissingParameter"));
      bodies.add(new Hostile(action, "{\"QueueUrl\":12}", "MissingParameter"));
    }
    bodies.add(new Hostile("SendMessage", "{" + url + "}", "InvalidAttributeValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":{\"nested\":1}}", "InvalidAttributeValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":\"\\u0000\"}", "InvalidAttributeValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":\"x\",\"DelaySeconds\":\"soon\"}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":\"x\",\"DelaySeconds\":-1}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":\"x\",\"DelaySeconds\":1e40}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("SendMessage", "{" + url + ",\"MessageBody\":\"x\",\"MessageAttributes\":[1]}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("SendMessage",
        "{" + url + ",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":{\"DataType\":\"String\"}}}",
        "MissingParameter"));
    bodies.add(new Hostile("SendMessage",
        "{" + url + ",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":{\"DataType\":\"Number\",\"StringValue\":"
            + "\"many\"}}}", "InvalidAttributeValue"));
    bodies.add(new Hostile("SendMessage",
        "{" + url + ",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":{\"DataType\":\"Binary\",\"BinaryValue\":"
            + "\"not base64!\"}}}", "InvalidParameterValue"));
    bodies.add(new Hostile("SendMessage",
        "{" + url + ",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":\"plain\"}}", "MissingParameter"));
    bodies.add(new Hostile("SendMessageBatch", "{" + url + ",\"Entries\":{\"Id\":\"a\"}}", "MissingParameter"));
    bodies.add(new Hostile("SendMessageBatch", "{" + url + ",\"Entries\":[7]}", "MissingParameter"));
    bodies.add(new Hostile("SendMessageBatch", "{" + url + ",\"Entries\":[" + "{\"Id\":\"a\",\"MessageBody\":\"x\"},"
        .repeat(1) + "{\"Id\":\"a\",\"MessageBody\":\"y\"}]}", "BatchEntryIdsNotDistinct"));
    bodies.add(new Hostile("SendMessageBatch", "{" + url + ",\"Entries\":[" + entries(11) + "]}",
        "TooManyEntriesInBatchRequest"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MaxNumberOfMessages\":1000000}", "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MaxNumberOfMessages\":0}", "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MaxNumberOfMessages\":\"ten\"}",
        "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MaxNumberOfMessages\":99999999999999999999}",
        "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"WaitTimeSeconds\":3600}", "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"WaitTimeSeconds\":-1}", "InvalidAttributeValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"VisibilityTimeout\":-5}", "InvalidParameterValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"VisibilityTimeout\":43201}", "InvalidParameterValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"VisibilityTimeout\":1.5}", "InvalidParameterValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MessageSystemAttributeNames\":\"SentTimestamp\"}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"MessageAttributeNames\":[1,2]}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("ReceiveMessage", "{" + url + ",\"AttributeNames\":[\"SentTimestamp\",{}]}",
        "InvalidParameterValue"));
    bodies.add(new Hostile("DeleteMessage", "{" + url + "}", "MissingParameter"));
    bodies.add(new Hostile("DeleteMessage", "{" + url + ",\"ReceiptHandle\":false}", "MissingParameter"));
    bodies.add(new Hostile("DeleteMessage", "{" + url + ",\"ReceiptHandle\":\"forged\"}", "ReceiptHandleIsInvalid"));
    bodies.add(new Hostile("DeleteMessageBatch", "{" + url + ",\"Entries\":\"all\"}", "MissingParameter"));
    bodies.add(new Hostile("ChangeMessageVisibility", "{" + url + ",\"ReceiptHandle\":\"forged\"}",
        "MissingParameter"));
    bodies.add(new Hostile("ChangeMessageVisibility",
        "{" + url + ",\"ReceiptHandle\":\"forged\",\"VisibilityTimeout\":-10}", "InvalidParameterValue"));
    bodies.add(new Hostile("ChangeMessageVisibility",
        "{" + url + ",\"ReceiptHandle\":\"forged\",\"VisibilityTimeout\":\"long\"}", "InvalidParameterValue"));
    bodies.add(new Hostile("ChangeMessageVisibilityBatch", "{" + url + ",\"Entries\":[" + entries(11) + "]}",
        "TooManyEntriesInBatchRequest"));
    bodies.add(new Hostile("SendMessage", "{\"QueueUrl\":\"" + queue + "-missing\",\"MessageBody\":\"x\"}",
        "QueueDoesNotExist"));
    return bodies;
  }

  private static String entries(int count) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add("{\"Id\":\"" + i + "\",\"MessageBody\":\"x\",\"ReceiptHandle\":\"h\",\"VisibilityTimeout\":1}");
    }
    return String.join(",", entries);
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void getsSqsClientErrorOfItsType(Hostile hostile) throws Exception {
    HttpResponse<String> answer = calls.json(cloud.sqsEndpoint(), hostile.action(), hostile.body());
    assertEquals(400, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"__type\":\"com.amazonaws.sqs#" + hostile.type() + "\""), answer.body());
  }

  @Test
  void aBatchEntryThatIsRefusedFailsAloneWhileTheOthersAreSent() throws Exception {
    HttpResponse<String> answer = calls.json(cloud.sqsEndpoint(), "SendMessageBatch", "{\"QueueUrl\":\"" + queue
        + "\",\"Entries\":[{\"Id\":\"bad\",\"MessageBody\":\"\\u0001\"},{\"Id\":\"good\",\"MessageBody\":\"ok\"},"
        + "{\"Id\":\"typeless\",\"MessageBody\":\"ok\",\"MessageAttributes\":{\"a\":{\"StringValue\":\"v\"}}}]}");
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"Code\":\"InvalidAttributeValue\",\"Id\":\"bad\""), answer.body());
    assertTrue(answer.body().contains("\"Code\":\"MissingParameter\",\"Id\":\"typeless\""), answer.body());
    assertTrue(answer.body().contains("\"Successful\":[{\"Id\":\"good\""), answer.body());
  }
}
