package iras.app.local;

import iras.app.keys.ClientKey;
import iras.core.access.ApiKeys;
import iras.core.access.IssuedKey;
import iras.core.access.Role;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/**
 * The admin key of a local deployment, kept in its data folder (readable by its owner only) where {@code iras faces}
 * and {@code iras load} find it, so the README's commands need no key typed.
 */
final class LocalAdminKey {
  private LocalAdminKey() {}

  /** @return the key the settings give, the one kept in the data folder, or one made now (and printed once) */
  static String ensure(Settings settings, Cloud cloud, PrintStream out) throws IOException {
    if (settings.adminKey().isPresent()) {
      return settings.adminKey().get();
    }
    Path file = ClientKey.localFile(settings);
    ApiKeys keys = ApiKeys.of(cloud, Clock.systemUTC());
    if (Files.isReadable(file)) {
      String kept = Files.readString(file).strip();
      if (keys.verify(kept).filter(k -> k.role() == Role.ADMIN).isPresent()) {
        return kept;
      }
    }
    IssuedKey made = keys.add(Role.ADMIN, "iras local, kept in its data folder");
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, made.secret() + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    out.printf("Admin key of this deployment (made now, shown once; kept in %s for iras faces and iras load): %s%n",
        file, made.secret());
    return made.secret();
  }
}
