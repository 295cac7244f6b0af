package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iras keys add|list|revoke} against a running deployment's storage, and the commands that find the local
 * admin key in the data folder by themselves.
 */
class KeysCommandIT {
  private static final Pattern SECRET = Pattern.compile("iras_([0-9a-f]{16})_[0-9a-f]{64}");

  @TempDir Path dataDir;
  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aKeyMadeOnTheCommandLineUploadsUntilItIsRevoked() throws Exception {
    try (LocalStack stack = TestStack.start(TestStack.faceSettings(dataDir, 0));
        EmbeddedWeb exposed = EmbeddedWeb.start(stack.settings().with("access.open-uploads", false))) {
      Path keyFile = dataDir.resolve("admin-key");
      assertEquals(stack.adminKey(), Files.readString(keyFile).strip());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
      Map<String, String> storage = Map.of(
          "iras.cloud.s3-endpoint", stack.settings().s3Endpoint().orElseThrow().toString(),
          "iras.cloud.sqs-endpoint", stack.settings().sqsEndpoint().orElseThrow().toString(),
          "iras.cloud.access-key", stack.settings().accessKey().orElseThrow(),
          "iras.cloud.secret-key", stack.settings().secretKey().orElseThrow(),
          "iras.deployment", stack.settings().deployment(),
          "iras.local.data-dir", dataDir.toString());
      storage.forEach(System::setProperty);
      try {
        String added = run(0, "keys", "add", "--role", "user", "--label", "grader's laptop");
        Matcher made = SECRET.matcher(added);
        assertTrue(made.find(), added);
        String secret = made.group();
        String id = made.group(1);
        URI upload = URI.create("http://localhost:" + exposed.port() + "/api/images");
        assertEquals(202, upload(upload, secret).statusCode());

        String listed = run(0, "keys", "list");
        assertTrue(listed.contains(id + "  user   ") && listed.contains("grader's laptop"), listed);
        assertFalse(listed.contains(secret.substring(22)), "a list never shows a secret: " + listed);

        assertTrue(run(0, "keys", "revoke", id).contains("key " + id + " revoked"));
        assertTrue(run(2, "keys", "revoke", id).contains("no key with the id"));
        assertTrue(run(2, "keys", "add", "--role", "root").contains("No role 'root': use user or admin."));
        // A web tier remembers a key's answer for a few seconds; a new one asks the storage.
        try (EmbeddedWeb fresh = EmbeddedWeb.start(stack.settings().with("access.open-uploads", false))) {
          assertEquals(401, upload(URI.create("http://localhost:" + fresh.port() + "/api/images"), secret)
              .statusCode());
        }

        // `iras faces list` against this machine finds the admin key in the data folder.
        String people = run(0, "faces", "list", "--url", "http://localhost:" + exposed.port() + "/");
        assertTrue(people.contains("0 people enrolled"), people);
        String refused = run(2, "faces", "list", "--url", "http://localhost:" + exposed.port() + "/", "--key",
            "iras_0000000000000000_" + "0".repeat(64));
        assertTrue(refused.contains("401") && refused.contains("not one of this service's"), refused);
      } finally {
        storage.keySet().forEach(System::clearProperty);
      }
    }
  }

  private HttpResponse<String> upload(URI upload, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(new Multipart().file("file", "cat.jpg", "image/jpeg",
            Files.readAllBytes(TestStack.PHOTOS.resolve("eagle.jpg"))).post(upload), (n, v) -> true)
        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String run(int exit, String... args) {
    StringWriter out = new StringWriter();
    int code = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true)).execute(args);
    assertEquals(exit, code, out::toString);
    return out.toString();
  }
}
