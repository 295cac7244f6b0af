package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.app.web.EmbeddedWeb;
import iras.core.access.ApiKeys;
import iras.core.access.IssuedKey;
import iras.core.access.Role;
import iras.core.faces.GalleryEntry;
import iras.core.faces.GalleryStore;
import iras.core.job.FaceBox;
import iras.core.job.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, tried as an attacker would: each test is named for an attack and asserts its refusal, and after
 * each one the service still answers others and has lost nothing it held (the people enrolled, an upload accepted).
 * No worker runs: every refusal happens before one would be needed.
 */
class AccessControlIT {
  private static final String EMILY = "Emily";

  @TempDir static Path dataDir;
  static LocalStack stack;
  static URI root;
  static GalleryStore gallery;
  static IssuedKey userKey;
  static byte[] face;
  static final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    stack = TestStack.start(TestStack.faceSettings(dataDir, 0));
    root = URI.create("http://localhost:" + stack.web().port() + "/");
    gallery = GalleryStore.of(stack.clients());
    userKey = ApiKeys.of(stack.clients(), Clock.systemUTC()).add(Role.USER, "a user's script");
    face = Files.readAllBytes(TestStack.FACES_100.resolve("test_00.jpg"));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Emily, enrolled by an admin before the attack. */
  @BeforeEach
  void emilyIsEnrolled() {
    if (people().stream().noneMatch(EMILY::equals)) {
      enrolledBefore(EMILY);
    }
  }

  @AfterEach
  void theServiceStillAnswersOthersAndLostNothing() throws Exception {
    assertEquals(200, send(HttpRequest.newBuilder(root.resolve("/healthz")).build()).statusCode());
    HttpResponse<String> upload = send(new Multipart().file("file", "cat.jpg", "image/jpeg", face)
        .post(root.resolve("/api/images")));
    assertEquals(202, upload.statusCode(), "an anonymous upload on loopback is still taken: " + upload.body());
    String id = Json.read(upload.body(), JsonNode.class).path("accepted").path(0).path("id").asString();
    assertEquals("pending", Json.read(send(HttpRequest.newBuilder(root.resolve("/api/images/" + id)).build()).body(),
        JsonNode.class).path("status").asString(), "the accepted upload is kept");
    assertTrue(people().contains(EMILY), "Emily is still enrolled: " + people());
  }

  @Test
  void deletingAPersonWithoutAnAdminKeyIsRefused() throws Exception {
    URI emily = root.resolve("/api/faces/" + GalleryStore.idOf(EMILY));
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(emily).DELETE().build());
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertTrue(error(anonymous).contains("needs an admin key"), anonymous.body());
    assertEquals("Bearer realm=\"iras\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));

    HttpResponse<String> user = send(withKey(userKey.secret(), HttpRequest.newBuilder(emily).DELETE().build()));
    assertEquals(403, user.statusCode(), user.body());
    assertTrue(error(user).contains("is a user's"), user.body());

    HttpResponse<String> forged = send(withKey(userKey.secret().replaceAll(".$", "x"),
        HttpRequest.newBuilder(emily).DELETE().build()));
    assertEquals(401, forged.statusCode(), forged.body());
    assertTrue(error(forged).contains("not one of this service's"), forged.body());
  }

  @Test
  void enrollingWithoutAnAdminKeyIsRefused() throws Exception {
    HttpRequest enrol = new Multipart().field("name", "Mallory").file("image", "m.jpg", "image/jpeg", face)
        .post(root.resolve("/api/faces"));
    assertEquals(401, send(enrol).statusCode());
    assertEquals(403, send(withKey(userKey.secret(), enrol)).statusCode());
    HttpResponse<String> notBearer = send(HttpRequest.newBuilder(enrol, (n, v) -> true)
        .header("Authorization", "Basic YWRtaW46YWRtaW4=").build());
    assertEquals(401, notBearer.statusCode());
    assertTrue(error(notBearer).contains("Authorization: Bearer <key>"), notBearer.body());
    assertFalse(people().contains("Mallory"));
  }

  @Test
  void readingPeopleMetricsAndTheFleetWithoutAnAdminKeyIsRefused() throws Exception {
    for (String path : List.of("/api/faces", "/metrics", "/fleet/status", "/fleet")) {
      HttpRequest get = HttpRequest.newBuilder(root.resolve(path)).build();
      assertEquals(401, send(get).statusCode(), path);
      assertEquals(403, send(withKey(userKey.secret(), get)).statusCode(), path);
      assertEquals(200, send(TestStack.asAdmin(stack, get)).statusCode(), path);
    }
    // A browser opening the fleet page unsigned is shown the way to sign in, its Origin never as markup.
    HttpResponse<String> page = send(HttpRequest.newBuilder(root.resolve("/fleet")).header("Accept", "text/html")
        .build());
    assertEquals(401, page.statusCode());
    assertTrue(page.body().contains("<a href=\"/\">Sign in on the upload page</a>"), page.body());
  }

  @Test
  void theFleetStatusShowsNoPathsOrProcessIds() throws Exception {
    HttpResponse<String> status = send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/fleet/status"))));
    assertEquals(200, status.statusCode());
    JsonNode controller = Json.read(status.body(), JsonNode.class).path("controller");
    assertEquals("local processes", controller.path("fleet").asString(), status.body());
    assertFalse(status.body().contains(dataDir.toString()), status.body());
    assertTrue(controller.path("timeline").isMissingNode(), status.body());
  }

  @Test
  void aCrossSiteEnrolmentIsRefused() throws Exception {
    String cookie = signIn(stack.adminKey());
    HttpRequest enrol = new Multipart().field("name", "Mallory").file("image", "m.jpg", "image/jpeg", face)
        .post(root.resolve("/api/faces"));
    HttpResponse<String> fromElsewhere = send(HttpRequest.newBuilder(enrol, (n, v) -> true)
        .header("Cookie", cookie).header("Origin", "http://evil.example").build());
    assertEquals(403, fromElsewhere.statusCode(), fromElsewhere.body());
    assertTrue(error(fromElsewhere).contains("came from http://evil.example"), fromElsewhere.body());
    HttpResponse<String> crossSite = send(HttpRequest.newBuilder(enrol, (n, v) -> true)
        .header("Cookie", cookie).header("Sec-Fetch-Site", "cross-site").build());
    assertEquals(403, crossSite.statusCode(), crossSite.body());
    HttpResponse<String> unnamed = send(HttpRequest.newBuilder(enrol, (n, v) -> true).header("Cookie", cookie).build());
    assertEquals(403, unnamed.statusCode(), "a cookie with no origin at all proves nothing: " + unnamed.body());
    HttpResponse<String> removal = send(HttpRequest.newBuilder(root.resolve("/api/faces/" + GalleryStore.idOf(EMILY)))
        .header("Cookie", cookie).header("Sec-Fetch-Site", "same-site").DELETE().build());
    assertEquals(403, removal.statusCode(), "a sibling subdomain is another site: " + removal.body());
    assertFalse(people().contains("Mallory"));

    // The same session from the page's own site gets through to the gallery.
    HttpResponse<String> own = send(HttpRequest.newBuilder(root.resolve("/api/faces/" + GalleryStore.idOf("Nobody")))
        .header("Cookie", cookie).header("Origin", "http://localhost:" + stack.web().port()).DELETE().build());
    assertEquals(404, own.statusCode(), own.body());
  }

  @Test
  void aStolenSessionCookieCannotBeReadOrSentByAnotherSiteAndEndsAtSignOut() throws Exception {
    HttpResponse<String> signedIn = send(HttpRequest.newBuilder(root.resolve("/session"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("key=" + stack.adminKey())).build());
    assertEquals(200, signedIn.statusCode(), signedIn.body());
    String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.contains("; HttpOnly") && setCookie.contains("; SameSite=Strict"), setCookie);
    assertFalse(setCookie.contains("Secure"), "plain HTTP on loopback: a Secure cookie would never come back");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertEquals("admin", Json.read(send(HttpRequest.newBuilder(root.resolve("/session")).header("Cookie", cookie)
        .build()).body(), JsonNode.class).path("role").asString());

    HttpResponse<String> signInElsewhere = send(HttpRequest.newBuilder(root.resolve("/session"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("key=" + stack.adminKey())).build());
    assertEquals(403, signInElsewhere.statusCode(), signInElsewhere.body());
    HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(root.resolve("/session"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("key=guess")).build());
    assertEquals(401, wrongKey.statusCode(), wrongKey.body());

    HttpResponse<String> out = send(HttpRequest.newBuilder(root.resolve("/session")).header("Cookie", cookie)
        .header("Sec-Fetch-Site", "same-origin").DELETE().build());
    assertEquals(200, out.statusCode(), out.body());
    assertEquals(401, send(HttpRequest.newBuilder(root.resolve("/api/faces")).header("Cookie", cookie).build())
        .statusCode(), "the session ended");
  }

  @Test
  void aRevokedKeyIsRefused() throws Exception {
    ApiKeys keys = ApiKeys.of(stack.clients(), Clock.systemUTC());
    IssuedKey admin = keys.add(Role.ADMIN, "an admin who left");
    assertTrue(keys.revoke(admin.key().id()));
    HttpResponse<String> r = send(withKey(admin.secret(), HttpRequest.newBuilder(root.resolve("/api/faces")).build()));
    assertEquals(401, r.statusCode(), r.body());
  }

  @Test
  void aScriptNameIsRefusedAtEnrolment() throws Exception {
    Map<String, String> refused = Map.of(
        "<img src=x onerror=alert(1)>", "'<'",
        "a/b\\c", "'/'",
        "%2e%2e", "'%'",
        "..", "no letter or digit",
        "=HYPERLINK(\"http://x\")", "begins with '='",
        "@SUM(A1)", "begins with '@'",
        "+1", "begins with '+'",
        "-2", "begins with '-'");
    for (Map.Entry<String, String> name : refused.entrySet()) {
      HttpResponse<String> r = send(TestStack.asAdmin(stack, new Multipart().field("name", name.getKey())
          .file("image", "a.jpg", "image/jpeg", face).post(root.resolve("/api/faces"))));
      assertEquals(400, r.statusCode(), name.getKey() + ": " + r.body());
      assertTrue(error(r).contains(name.getValue()) && error(r).contains("The person's name"), r.body());
    }
    assertEquals(List.of(EMILY), people());
  }

  @Test
  void aPersonWithAnOddNameCanBeRemoved() throws Exception {
    List<String> odd = List.of("a/b\\c", "..", "%2e%2e", "<img src=x onerror=alert(1)>", "Zoë ?#&");
    odd.forEach(AccessControlIT::enrolledBefore);
    JsonNode listed = Json.read(send(TestStack.asAdmin(stack, HttpRequest.newBuilder(root.resolve("/api/faces"))))
        .body(), JsonNode.class).path("people");
    List<String> removedNames = new ArrayList<>();
    for (JsonNode person : listed) {
      String name = person.path("name").asString();
      if (odd.contains(name)) {
        HttpResponse<String> r = send(TestStack.asAdmin(stack,
            HttpRequest.newBuilder(root.resolve("/api/faces/" + person.path("id").asString())).DELETE()));
        assertEquals(200, r.statusCode(), name + ": " + r.body());
        assertEquals(name, Json.read(r.body(), JsonNode.class).path("name").asString());
        removedNames.add(name);
      }
    }
    assertEquals(odd.size(), removedNames.size(), "every odd name was listed with an id: " + listed);
    assertEquals(List.of(EMILY), people());
    HttpResponse<String> byName = send(TestStack.asAdmin(stack,
        HttpRequest.newBuilder(root.resolve("/api/faces/..%2F..%2Fmetrics")).DELETE()));
    assertNotEquals(200, byName.statusCode(), byName.body());
  }

  @Test
  void enrolmentsPerKeyAreLimited() throws Exception {
    try (EmbeddedWeb limited = EmbeddedWeb.start(stack.settings().with("access.enrolments-per-hour", 2))) {
      URI faces = URI.create("http://localhost:" + limited.port() + "/api/faces");
      HttpRequest enrol = new Multipart().field("name", "Bulk").post(faces);
      for (int i = 0; i < 2; i++) {
        assertEquals(400, send(TestStack.asAdmin(stack, enrol)).statusCode(), "reaches the gallery: no image sent");
      }
      HttpResponse<String> third = send(TestStack.asAdmin(stack, enrol));
      assertEquals(429, third.statusCode(), third.body());
      assertTrue(error(third).contains("2 enrolments within the hour"), third.body());
      assertTrue(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow()) > 0);
      IssuedKey other = ApiKeys.of(stack.clients(), Clock.systemUTC()).add(Role.ADMIN, "another admin");
      assertEquals(400, send(withKey(other.secret(), enrol)).statusCode(), "another key has its own count");
    }
  }

  @Test
  void anAnonymousUploadWhereUploadsNeedAKeyIsRefusedButTheCoursesPostStaysOpen() throws Exception {
    try (EmbeddedWeb open = EmbeddedWeb.start(stack.settings().with("access.open-uploads", false))) {
      URI publicRoot = URI.create("http://localhost:" + open.port() + "/");
      HttpRequest upload = new Multipart().file("file", "cat.jpg", "image/jpeg", face)
          .post(publicRoot.resolve("/api/images"));
      HttpResponse<String> anonymous = send(upload);
      assertEquals(401, anonymous.statusCode(), anonymous.body());
      assertTrue(error(anonymous).contains("Uploads to this service need a key"), anonymous.body());
      assertEquals(401, send(new Multipart().file("inputFile", "cat.jpg", "image/jpeg", face).post(publicRoot))
          .statusCode(), "POST / too, outside the course's profile");
      assertEquals(202, send(withKey(userKey.secret(), upload)).statusCode(), "a user's key uploads");
      assertEquals(200, send(HttpRequest.newBuilder(publicRoot).build()).statusCode(), "the page stays open");
    }
    try (EmbeddedWeb course = EmbeddedWeb.start(stack.settings().with(Map.of("access.open-uploads", false,
        "course", true, "web.result-timeout", "1s")))) {
      URI courseRoot = URI.create("http://localhost:" + course.port() + "/");
      HttpResponse<String> r = send(new Multipart().file("inputFile", "test_00.jpg", "image/jpeg", face)
          .post(courseRoot));
      assertEquals(504, r.statusCode(), "taken and queued; no worker runs here to answer it: " + r.body());
      assertEquals(401, send(new Multipart().file("file", "cat.jpg", "image/jpeg", face)
          .post(courseRoot.resolve("/api/images"))).statusCode(), "only the course's own address is open");
    }
  }

  private static void enrolledBefore(String name) {
    gallery.add(new GalleryEntry(name, UUID.randomUUID().toString(), "x.jpg", new float[] {0.5f, 0.5f},
        new FaceBox(1, 2, 30, 40, 0.9), Instant.now()));
  }

  private static List<String> people() {
    return gallery.people().stream().map(p -> p.name()).toList();
  }

  private static String signIn(String key) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(root.resolve("/session"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("key=" + key)).build());
    assertEquals(200, r.statusCode(), r.body());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static HttpRequest withKey(String key, HttpRequest request) {
    return HttpRequest.newBuilder(request, (n, v) -> true).header("Authorization", "Bearer " + key).build();
  }

  private static String error(HttpResponse<String> r) {
    return Json.read(r.body(), JsonNode.class).path("error").asString();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(HttpRequest.newBuilder(request, (n, v) -> true).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
