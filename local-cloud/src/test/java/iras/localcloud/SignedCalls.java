package iras.localcloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw calls of SQS's query and JSON protocols, signed with the SDK's own SigV4 signer, as clients send them. */
final class SignedCalls {
  /** Set by the JDK's client itself, which refuses them from a caller. */
  private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");

  private final HttpClient http = HttpClient.newHttpClient();
  private final LocalCredentials credentials;

  SignedCalls(LocalCredentials credentials) {
    this.credentials = credentials;
  }

  HttpResponse<String> query(URI to, String form) throws Exception {
    return send(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(to)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").build(), form);
  }

  /** A call of SQS's JSON protocol, whatever its body, as the SDKs of today send them. */
  HttpResponse<String> json(URI to, String action, String body) throws Exception {
    return send(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(to)
        .putHeader("Content-Type", "application/x-amz-json-1.0")
        .putHeader("X-Amz-Target", "AmazonSQS." + action).build(), body);
  }

  private HttpResponse<String> send(SdkHttpRequest unsigned, String body) throws Exception {
    URI to = unsigned.getUri();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(credentials.accessKey(), credentials.secretKey()))
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    signed.request().headers().forEach((name, values) -> {
      if (!SET_BY_THE_CLIENT.contains(name.toLowerCase())) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
