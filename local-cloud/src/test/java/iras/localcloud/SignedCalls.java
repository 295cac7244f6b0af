package iras.localcloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Raw calls of SQS's query protocol, signed with the SDK's own SigV4 signer, as an older client sends them. */
final class SignedCalls {
  /** Set by the JDK's client itself, which refuses them from a caller. */
  private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");

  private final HttpClient http = HttpClient.newHttpClient();
  private final LocalCredentials credentials;

  SignedCalls(LocalCredentials credentials) {
    this.credentials = credentials;
  }

  HttpResponse<String> query(URI to, String form) throws Exception {
    SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(to)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(credentials.accessKey(), credentials.secretKey()))
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(form))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
    HttpRequest.Builder request = HttpRequest.newBuilder(to).POST(HttpRequest.BodyPublishers.ofString(form));
    signed.request().headers().forEach((name, values) -> {
      if (!SET_BY_THE_CLIENT.contains(name.toLowerCase())) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
