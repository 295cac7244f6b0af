package iras.app.keys;

import iras.core.access.AccessUnavailableException;
import iras.core.access.ApiKey;
import iras.core.access.ApiKeys;
import iras.core.access.IssuedKey;
import iras.core.access.Role;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import iras.localcloud.LocalCloud;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The deployment's API keys, made and revoked in its storage: the command needs the storage's credentials, not a
 * key, so whoever runs the deployment can always make the first one.
 */
@Command(
    name = "keys",
    description = "API keys of a deployment (docs/SECURITY.md): add, list, revoke. Reaches the storage the settings"
        + " name (IRAS_S3_ENDPOINT, …), or with --local that of `iras local` on this machine.",
    subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the keys are. */
  static final class Storage {
    @Option(names = "--local", description = "The storage of `iras local` running on this machine (its S3 port and"
        + " data folder from the settings).")
    boolean local;

    <T> T with(KeyWork<T> work) throws IOException {
      Settings settings = Settings.load();
      if (local) {
        settings = LocalCloud.clientSettingsOfRunning(settings);
      }
      try (Cloud cloud = Cloud.connect(settings)) {
        return work.on(ApiKeys.of(cloud, Clock.systemUTC()));
      } catch (AccessUnavailableException | SdkException e) {
        throw new IOException("cannot reach the deployment's storage (" + e.getMessage() + ")"
            + (local ? ": is `iras local` running?" : "; with `iras local`, add --local."), e);
      }
    }
  }

  interface KeyWork<T> {
    T on(ApiKeys keys);
  }

  @Command(name = "add", description = "Make a key and print it once; only its digest is stored.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--role", defaultValue = "user", description = "user (upload, read answers) or admin (also the"
        + " gallery, /metrics, /fleet); default ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--label", defaultValue = "", description = "Whose key it is, shown by `iras keys list`.")
    String label;

    @Mixin Storage storage;

    @Override
    public Integer call() throws Exception {
      Role r;
      try {
        r = Role.parse(role);
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
      IssuedKey made = storage.with(keys -> keys.add(r, label));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s key %s made; it is shown only now, keep it:%n%s%n", r.label(), made.key().id(), made.secret());
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", description = "The keys: id, role, when made, label. Never a secret.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin Storage storage;

    @Override
    public Integer call() throws Exception {
      List<ApiKey> keys = storage.with(ApiKeys::list);
      PrintWriter out = spec.commandLine().getOut();
      for (ApiKey k : keys) {
        out.printf("%s  %-5s  %s  %s%n", k.id(), k.role().label(), k.created(), k.label());
      }
      out.printf("%d key%s%n", keys.size(), keys.size() == 1 ? "" : "s");
      out.flush();
      return 0;
    }
  }

  @Command(name = "revoke", description = "Revoke a key by its id; web tiers refuse it within seconds.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The key's id, as `iras keys list` shows it.")
    String id;

    @Mixin Storage storage;

    @Override
    public Integer call() throws Exception {
      if (!storage.with(keys -> keys.revoke(id))) {
        throw new IOException("no key with the id '" + id + "'; `iras keys list` shows the ids.");
      }
      spec.commandLine().getOut().printf("key %s revoked%n", id);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
