package iras.app.keys;

import iras.core.settings.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The key a command sends to a service: {@code --key}, else {@code IRAS_API_KEY}, else {@code IRAS_ADMIN_KEY}, else,
 * for a service on this machine, the admin key {@code iras local} keeps in its data folder, so the README's commands
 * run as written against it.
 */
public final class ClientKey {
  /** The file in the data folder that holds the local deployment's admin key. */
  public static final String LOCAL_FILE = "admin-key";

  @Option(names = "--key", description = "API key sent as 'Authorization: Bearer' (default: IRAS_API_KEY, else the"
      + " admin key of `iras local` when the service runs on this machine).")
  String key;

  public Optional<String> resolve(URI service) throws IOException {
    Optional<String> given = Optional.ofNullable(key).or(() -> Optional.ofNullable(System.getenv("IRAS_API_KEY")))
        .map(String::strip).filter(k -> !k.isEmpty());
    if (given.isPresent()) {
      return given;
    }
    Settings settings = Settings.load();
    if (settings.adminKey().isPresent()) {
      return settings.adminKey();
    }
    Path file = localFile(settings);
    if (onThisMachine(service) && Files.isReadable(file)) {
      return Optional.of(Files.readString(file).strip());
    }
    return Optional.empty();
  }

  public static Path localFile(Settings settings) {
    return settings.localDataDir().resolve(LOCAL_FILE);
  }

  private static boolean onThisMachine(URI service) {
    try {
      return service.getHost() != null && InetAddress.getByName(service.getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
