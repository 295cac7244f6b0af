package iras.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.core.access.AdminKeys;
import iras.core.access.ApiKey;
import iras.core.access.ApiKeys;
import iras.core.access.IssuedKey;
import iras.core.access.Role;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys in the embedded S3, through the real SDK, as a web process and the key command see them. */
class ApiKeysIT {
  @TempDir Path dataDir;
  ActorSystem system;
  LocalCloud localCloud;
  Cloud cloud;
  ApiKeys keys;

  @BeforeEach
  void start() throws Exception {
    Settings settings = EmbeddedCloudSettings.of(dataDir, "keys-test");
    system = ActorSystem.create("keys-test");
    localCloud = LocalCloud.start(settings, system);
    cloud = Cloud.connect(localCloud.clientSettings(settings));
    keys = ApiKeys.of(cloud, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() throws Exception {
    cloud.close();
    localCloud.close();
    system.terminate();
  }

  @Test
  void aKeyIsVerifiedUntilRevokedAndOnlyItsDigestIsStored() {
    IssuedKey user = keys.add(Role.USER, "grader");
    assertEquals(Optional.of(user.key()), keys.verify(user.secret()));
    assertEquals(Optional.of(user.key()), keys.verify(" " + user.secret() + "\n"), "a pasted line's spaces");

    String stored = new String(cloud.store().get(cloud.layout().recordsBucket(),
        "access/keys/" + user.key().id() + ".json"), StandardCharsets.UTF_8);
    assertFalse(stored.contains(user.secret().substring(22)), stored);

    String forged = user.secret().substring(0, user.secret().length() - 1)
        + (user.secret().endsWith("0") ? "1" : "0");
    assertEquals(Optional.empty(), keys.verify(forged), "the id alone proves nothing");
    assertEquals(Optional.empty(), keys.verify("Paul"));
    assertEquals(Optional.empty(), keys.verify(""));

    assertTrue(keys.revoke(user.key().id()));
    assertFalse(keys.revoke(user.key().id()));
    assertFalse(keys.revoke("../../x"));
    assertEquals(Optional.empty(), keys.verify(user.secret()));
  }

  @Test
  void aFirstAdminKeyIsMadeOnceAndListedWithoutItsSecret() {
    Optional<IssuedKey> first = AdminKeys.ensure(keys);
    assertTrue(first.isPresent());
    assertEquals(Optional.empty(), AdminKeys.ensure(keys), "a second start makes none");
    IssuedKey user = keys.add(Role.USER, "script");
    List<ApiKey> listed = keys.list();
    assertEquals(2, listed.size());
    assertTrue(listed.contains(first.get().key()) && listed.contains(user.key()), listed.toString());
    assertEquals(Role.ADMIN, keys.verify(first.get().secret()).orElseThrow().role());
  }
}
