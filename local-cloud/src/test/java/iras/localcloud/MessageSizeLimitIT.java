package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudClients;
import iras.core.settings.Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The embedded SQS keeps and enforces each queue's MaximumMessageSize as SQS does, through the real SDK over HTTP
 * (the JSON protocol) and in raw calls of the query protocol; ElasticMQ alone does neither.
 */
class MessageSizeLimitIT {
  private static final Map<QueueAttributeName, String> SMALLEST =
      Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024");

  @TempDir Path dataDir;
  Settings settings;
  ActorSystem system;
  LocalCloud cloud;
  SqsClient sqs;

  @BeforeEach
  void start() throws Exception {
    settings = EmbeddedCloudSettings.of(dataDir, "limits");
    system = ActorSystem.create("limits");
    startCloud();
  }

  private void startCloud() throws Exception {
    cloud = LocalCloud.start(settings, system);
    sqs = CloudClients.sqs(cloud.clientSettings(settings));
  }

  private void stopCloud() throws Exception {
    sqs.close();
    cloud.close();
  }

  @AfterEach
  void stop() throws Exception {
    stopCloud();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String maximumMessageSize(String url, QueueAttributeName asked) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(asked)).attributes()
        .get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE);
  }

  @Test
  void aQueueReportsItsLimitByNameAndAmongAllAlsoAfterARestart() throws Exception {
    String small = sqs.createQueue(b -> b.queueName("small").attributes(SMALLEST)).queueUrl();
    String plain = sqs.createQueue(b -> b.queueName("plain")).queueUrl();
    assertEquals("1024", maximumMessageSize(small, QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
    assertEquals("1024", maximumMessageSize(small, QueueAttributeName.ALL));
    assertEquals("262144", maximumMessageSize(plain, QueueAttributeName.ALL), "SQS's default");

    stopCloud();
    startCloud();
    String again = sqs.getQueueUrl(b -> b.queueName("small")).queueUrl();
    assertEquals("1024", maximumMessageSize(again, QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
    assertEquals("1024", maximumMessageSize(again, QueueAttributeName.ALL));
    assertEquals("262144", maximumMessageSize(plain, QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
  }

  @Test
  void aMessageOfTheLimitIsSentAndOneByteMoreIsRefusedInSqsOwnWords() {
    String url = sqs.createQueue(b -> b.queueName("small").attributes(SMALLEST)).queueUrl();
    String fits = "é".repeat(512);
    sqs.sendMessage(b -> b.queueUrl(url).messageBody(fits));
    SqsException refused = assertThrows(SqsException.class,
        () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(fits + "x")));
    // SQS's model has no class of its own for this error: the SDK raises its service exception, as against AWS.
    assertEquals(SqsException.class, refused.getClass());
    assertEquals(400, refused.statusCode());
    assertEquals("InvalidParameterValue", refused.awsErrorDetails().errorCode());
    assertEquals("One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
        refused.awsErrorDetails().errorMessage());

    // An attribute's name, type and value count too: 1000 + 1 + 6 + 17 bytes fit, one more does not.
    String body = "b".repeat(1000);
    sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(
        Map.of("a", MessageAttributeValue.builder().dataType("String").stringValue("v".repeat(17)).build())));
    assertThrows(SqsException.class, () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(
        Map.of("a", MessageAttributeValue.builder().dataType("String").stringValue("v".repeat(18)).build()))));

    List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
    assertEquals(List.of(body, fits), received.stream().map(Message::body).sorted().toList());
  }

  @Test
  void aBatchSendsTheEntriesThatFitAndListsTheOthersAsFailed() {
    String url = sqs.createQueue(b -> b.queueName("small").attributes(SMALLEST)).queueUrl();
    SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
        e -> e.id("fits").messageBody("a".repeat(1024)),
        e -> e.id("long").messageBody("b".repeat(1025)),
        e -> e.id("short").messageBody("c")));
    assertEquals(List.of("fits", "short"), sent.successful().stream().map(s -> s.id()).sorted().toList());
    assertEquals(1, sent.failed().size());
    assertEquals("long", sent.failed().get(0).id());
    assertEquals("InvalidParameterValue", sent.failed().get(0).code());
    assertTrue(sent.failed().get(0).senderFault());
    assertTrue(sent.failed().get(0).message().contains("Message must be shorter than 1024 bytes"));

    SendMessageBatchResponse none = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
        e -> e.id("x").messageBody("x".repeat(2000))));
    assertEquals(List.of(), none.successful());
    assertEquals("x", none.failed().get(0).id());
    assertEquals(2, sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().size());
  }

  @Test
  void limitsOutsideSqsBoundsAreRefusedAndAnExistingQueueIsChangedOnlyByName() {
    assertThrows(InvalidAttributeValueException.class, () -> sqs.createQueue(b -> b.queueName("tiny")
        .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1023"))));
    String url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    assertThrows(InvalidAttributeValueException.class, () -> sqs.setQueueAttributes(b -> b.queueUrl(url)
        .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "262145"))));
    assertThrows(QueueNameExistsException.class, () -> sqs.createQueue(b -> b.queueName("q").attributes(SMALLEST)));

    sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(SMALLEST));
    assertEquals("1024", maximumMessageSize(url, QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
    assertEquals(url, sqs.createQueue(b -> b.queueName("q").attributes(SMALLEST)).queueUrl(), "same attributes");

    sqs.deleteQueue(b -> b.queueUrl(url));
    String again = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    assertEquals("262144", maximumMessageSize(again, QueueAttributeName.MAXIMUM_MESSAGE_SIZE), "a new queue");
  }

  @Test
  void theQueryProtocolKeepsAndEnforcesTheLimitToo() throws Exception {
    SignedCalls calls = new SignedCalls(cloud.credentials());
    URI endpoint = cloud.sqsEndpoint();
    HttpResponse<String> created = calls.query(endpoint,
        "Action=CreateQueue&QueueName=old&Attribute.1.Name=MaximumMessageSize&Attribute.1.Value=1024");
    assertEquals(200, created.statusCode(), created.body());
    String url = endpoint + "/000000000000/old";

    String attributes = calls.query(endpoint, "Action=GetQueueAttributes&QueueUrl=" + url + "&AttributeName.1=All")
        .body();
    assertTrue(attributes.contains("<Name>MaximumMessageSize</Name><Value>1024</Value>"), attributes);

    HttpResponse<String> refused = calls.query(URI.create(url), "Action=SendMessage&MessageBody=" + "x".repeat(1025));
    assertEquals(400, refused.statusCode());
    assertTrue(refused.body().contains("<Code>InvalidParameterValue</Code>"), refused.body());
    assertTrue(refused.body().contains("Message must be shorter than 1024 bytes."), refused.body());

    HttpResponse<String> batch = calls.query(endpoint, "Action=SendMessageBatch&QueueUrl=" + url
        + "&SendMessageBatchRequestEntry.1.Id=long&SendMessageBatchRequestEntry.1.MessageBody=" + "x".repeat(1025)
        + "&SendMessageBatchRequestEntry.2.Id=fits&SendMessageBatchRequestEntry.2.MessageBody=" + "y".repeat(1024));
    assertEquals(200, batch.statusCode(), batch.body());
    assertTrue(batch.body().contains("<BatchResultErrorEntry><Id>long</Id>"), batch.body());
    assertTrue(batch.body().contains("<Id>fits</Id>"), batch.body());
    assertEquals(List.of("y".repeat(1024)), sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10))
        .messages().stream().map(Message::body).toList());
  }

  @Test
  void aLongPollHoldsUpNoOtherCall() throws Exception {
    String waiting = sqs.createQueue(b -> b.queueName("waiting")).queueUrl();
    String other = sqs.createQueue(b -> b.queueName("other")).queueUrl();
    CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(
        () -> sqs.receiveMessage(b -> b.queueUrl(waiting).waitTimeSeconds(20)).messages());
    Thread.sleep(300);
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      sqs.sendMessage(b -> b.queueUrl(other).messageBody("meanwhile"));
    }
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "calls beside a long poll");
    assertTrue(!poll.isDone(), "the poll still waits");
    sqs.sendMessage(b -> b.queueUrl(waiting).messageBody("awaited"));
    assertEquals("awaited", poll.get(10, TimeUnit.SECONDS).get(0).body());
  }
}
