package iras.app.aws;

import iras.core.cloud.CloudClients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The SDK clients of one region (or one endpoint for all services), with credentials from the default chain. */
record AwsClients(
    String region, CloudFormationClient cloudFormation, S3Client s3, SqsClient sqs, Ec2Client ec2, IamClient iam)
    implements AutoCloseable {

  static AwsClients create(String region, URI endpoint) {
    return new AwsClients(region,
        build(CloudFormationClient.builder(), region, endpoint),
        build(S3Client.builder().forcePathStyle(endpoint != null), region, endpoint),
        build(SqsClient.builder(), region, endpoint),
        build(Ec2Client.builder(), region, endpoint),
        // IAM is global: its one endpoint answers to the global region unless a test endpoint stands in.
        build(IamClient.builder(), endpoint == null ? Region.AWS_GLOBAL.id() : region, endpoint));
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, String region, URI endpoint) {
    builder.region(Region.of(region))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClient(CloudClients.httpClient());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  @Override
  public void close() {
    cloudFormation.close();
    s3.close();
    sqs.close();
    ec2.close();
    iam.close();
  }
}
