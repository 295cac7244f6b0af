package iras.core.access;

import java.util.Optional;

/** The deployment's first admin key: made when there is none, so a new deployment can be managed at all. */
public final class AdminKeys {
  private AdminKeys() {}

  /**
   * @return the key made now, to be shown once; empty when the deployment already has an admin key (a second web
   *     process starting finds the first one's)
   */
  public static Optional<IssuedKey> ensure(ApiKeys keys) {
    if (keys.list().stream().anyMatch(k -> k.role() == Role.ADMIN)) {
      return Optional.empty();
    }
    return Optional.of(keys.add(Role.ADMIN, "first admin key, made at start"));
  }
}
