package iras.controller.fleet.ec2;

import com.typesafe.config.Config;
import iras.core.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code iras.controller.ec2} keys: how to launch a worker instance. Empty strings mean "not set". */
public record Ec2Settings(
    Optional<URI> endpoint,
    String ami,
    String launchTemplate,
    String instanceType,
    String keyName,
    List<String> securityGroups,
    String subnet,
    String instanceProfile,
    String userData,
    Duration pollInterval) {

  /** The {@code user-data} value that sends none: the launch template's own user data sets the instance up. */
  public static final String TEMPLATE_USER_DATA = "launch-template";

  public boolean templateUserData() {
    return userData.equals(TEMPLATE_USER_DATA);
  }

  public static Ec2Settings of(Settings settings) {
    Config c = settings.controller().getConfig("ec2");
    String endpoint = c.getString("endpoint").trim();
    return new Ec2Settings(
        endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint)),
        c.getString("ami").trim(),
        c.getString("launch-template").trim(),
        c.getString("instance-type").trim(),
        c.getString("key-name").trim(),
        Arrays.stream(c.getString("security-groups").split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .toList(),
        c.getString("subnet").trim(),
        c.getString("instance-profile").trim(),
        c.getString("user-data").trim(),
        c.getDuration("poll-interval"));
  }
}
