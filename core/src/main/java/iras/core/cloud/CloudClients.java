package iras.core.cloud;

import iras.core.settings.Settings;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients for whichever S3/SQS the settings name: AWS itself, or any endpoint that speaks the same
 * protocol (the embedded local cloud).
 */
public final class CloudClients {
  private CloudClients() {}

  public static S3Client s3(Settings settings) {
    var b =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            // Chosen explicitly: S3Proxy brings another HTTP client onto the classpath the SDK would pick.
            .httpClient(httpClient())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
    settings.s3Endpoint().ifPresent(uri -> b.endpointOverride(uri).forcePathStyle(true));
    return b.build();
  }

  public static SqsClient sqs(Settings settings) {
    var b =
        SqsClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .httpClient(httpClient());
    settings.sqsEndpoint().ifPresent(b::endpointOverride);
    return b.build();
  }

  /** The HTTP client every SDK client of the project uses (also the controller's EC2 client). */
  public static SdkHttpClient httpClient() {
    // The socket timeout must outlast a 20 s long poll.
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(40))
        .build();
  }

  /** The settings' access key if one is set, else the SDK's default chain. */
  public static AwsCredentialsProvider credentials(Settings settings) {
    if (settings.accessKey().isPresent() && settings.secretKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().get()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
