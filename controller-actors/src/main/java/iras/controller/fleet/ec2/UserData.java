package iras.controller.fleet.ec2;

import iras.core.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user-data script that turns a booting instance into a worker: it writes the deployment's settings where the
 * worker's systemd unit reads them and starts it. The script (docker-free-scripts/ec2-user-data.sh, or the one the
 * settings name) holds a line {@code @IRAS_ENV@} that becomes the settings.
 */
public final class UserData {
  static final String PLACEHOLDER = "@IRAS_ENV@";
  private static final String BUILT_IN = "/iras/controller/fleet/ec2/ec2-user-data.sh";
  /** User data is readable by anyone on the instance and through the EC2 API: keys come from the instance role. */
  private static final Set<String> NEVER_SENT = Set.of("IRAS_ACCESS_KEY", "IRAS_SECRET_KEY");

  private UserData() {}

  /** The script for {@code settings}, base64-encoded as RunInstances takes it. */
  public static String encoded(Settings settings, String scriptPath) throws IOException {
    String script = scriptPath.isEmpty() ? builtIn() : Files.readString(Path.of(scriptPath));
    if (!script.contains(PLACEHOLDER)) {
      throw new IOException("the user-data script " + (scriptPath.isEmpty() ? BUILT_IN : scriptPath)
          + " has no " + PLACEHOLDER + " line for the settings");
    }
    String rendered = script.replace(PLACEHOLDER, environmentFile(settings.asEnvironment()));
    return Base64.getEncoder().encodeToString(rendered.getBytes(StandardCharsets.UTF_8));
  }

  /** systemd EnvironmentFile lines, values double-quoted. */
  static String environmentFile(Map<String, String> env) {
    return env.entrySet().stream()
        .filter(e -> !NEVER_SENT.contains(e.getKey()))
        .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(Collectors.joining("\n"));
  }

  private static String builtIn() throws IOException {
    try (InputStream in = UserData.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IOException("the built-in user-data script is missing from the classpath: " + BUILT_IN);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
