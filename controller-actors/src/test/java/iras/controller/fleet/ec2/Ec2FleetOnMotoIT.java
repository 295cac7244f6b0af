package iras.controller.fleet.ec2;

import iras.core.cloud.CloudClients;
import iras.core.testing.MotoServer;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The fleet's life against moto's EC2, whose instances change state at once: nothing to settle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2FleetOnMotoIT extends Ec2FleetContract {
  private MotoServer moto;
  private String image;

  @BeforeAll
  void start() throws Exception {
    moto = MotoServer.startOrSkip();
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY)))
        .httpClient(CloudClients.httpClient()).build()) {
      image = ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId();
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  URI endpoint() {
    return moto.endpoint();
  }

  @Override
  String image() {
    return image;
  }

  @Override
  void settle() {
  }

  @Override
  String deployment() {
    return "contract";
  }
}
