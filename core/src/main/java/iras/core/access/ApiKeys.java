package iras.core.access;

import iras.core.cloud.Cloud;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's API keys, kept hashed in its storage so every web process of it accepts the same ones. Every
 * method may throw {@link AccessUnavailableException} when the storage cannot be reached.
 */
public interface ApiKeys {

  static ApiKeys of(Cloud cloud, Clock clock) {
    return new S3ApiKeys(cloud.store(), cloud.layout().recordsBucket(), clock);
  }

  /** Makes a key; its secret is in the answer and nowhere else. */
  IssuedKey add(Role role, String label);

  List<ApiKey> list();

  /** @return whether a key with this id existed */
  boolean revoke(String id);

  /** The key whose secret this is, if it is one of this deployment's and not revoked. */
  Optional<ApiKey> verify(String secret);
}
