package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.cloud.CloudClients;
import iras.core.settings.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The embedded SQS refuses a call that is not signed with the data folder's credentials, as SQS does, and keeps every
 * message it holds; calls signed with them, by the SDK or by hand, go on as before.
 */
class UnsignedCallsIT {
  @TempDir Path dataDir;
  ActorSystem system;
  LocalCloud cloud;
  SqsClient sqs;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "unsigned");
    system = ActorSystem.create("unsigned");
    cloud = LocalCloud.start(settings, system);
    sqs = CloudClients.sqs(cloud.clientSettings(settings));
  }

  @AfterEach
  void stop() throws Exception {
    sqs.close();
    cloud.close();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnsignedSqsRequestIsRefused() throws Exception {
    String url = sqs.createQueue(b -> b.queueName("jobs")).queueUrl();
    IntStream.range(0, 30).forEach(i -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("job " + i)));

    HttpResponse<String> json = http.send(HttpRequest.newBuilder(cloud.sqsEndpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "AmazonSQS.PurgeQueue")
        .POST(HttpRequest.BodyPublishers.ofString("{\"QueueUrl\":\"" + url + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, json.statusCode(), json.body());
    assertTrue(json.body().contains("MissingAuthenticationToken"), json.body());

    HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("Action=PurgeQueue&QueueUrl=" + url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, query.statusCode(), query.body());

    LocalCredentials guessed = new LocalCredentials(cloud.credentials().accessKey(), "local-secret");
    HttpResponse<String> forged = new SignedCalls(guessed).query(URI.create(url), "Action=PurgeQueue&QueueUrl=" + url);
    assertEquals(403, forged.statusCode(), forged.body());
    assertTrue(forged.body().contains("SignatureDoesNotMatch"), forged.body());

    HttpResponse<String> signed = new SignedCalls(cloud.credentials())
        .query(URI.create(url), "Action=GetQueueAttributes&QueueUrl=" + url + "&AttributeName.1=All");
    assertEquals(200, signed.statusCode(), signed.body());
    assertEquals("30", sqs.getQueueAttributes(b -> b.queueUrl(url)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "no message was dropped");
  }

  @Test
  void eachDataFolderHasItsOwnCredentialsReadableByItsOwnerOnly() throws Exception {
    Path file = dataDir.resolve(LocalCredentials.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertNotEquals("local", cloud.credentials().accessKey());
    assertEquals(cloud.credentials(), LocalCredentials.of(dataDir), "a restart on the folder keeps its pair");
    assertNotEquals(cloud.credentials(), LocalCredentials.of(dataDir.resolve("other")));
  }
}
