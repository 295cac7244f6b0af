package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import iras.core.faces.GalleryEntry;
import iras.core.faces.GalleryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's use of the upload page, in headless Chromium: pick many images at once and watch every label
 * arrive, with a clear error for the one file that is not an image and a file name full of markup shown as text.
 * Leaves a screenshot in target/screenshots/.
 */
class UploadPageBrowserIT {
  private static final String EMILY = "Emily O'Brien";
  private static final String MARKUP_NAME = "<img src=x onerror=alert(1)>.jpg";

  @TempDir Path dataDir;
  @TempDir Path uploads;
  @TempDir Path browserProfile;

  @Test
  void severalImagesPickedAtOnceAllGetTheirLabels() throws Exception {
    Browser.assumeInstalled();

    // More files than the page sends in one request, so results of several requests fill the same table.
    List<Path> photos = new ArrayList<>(Reference.images(TestStack.PHOTOS));
    photos.addAll(Reference.images(TestStack.FACES_100).subList(0, 12));
    Reference.Pending labels = Reference.labelsMeanwhile(TestStack.MODEL, photos);
    List<Path> picked = new ArrayList<>();
    for (Path photo : photos) {
      picked.add(Files.copy(photo, uploads.resolve(photo.getFileName())));
    }
    picked.add(Files.copy(TestStack.PHOTOS.resolve("parrot.jpg"), uploads.resolve(MARKUP_NAME),
        StandardCopyOption.REPLACE_EXISTING));
    picked.add(Files.writeString(uploads.resolve("notes.jpg"), "not a picture", StandardCharsets.UTF_8));

    try (Browser.Starting chromium = Browser.chromiumMeanwhile(browserProfile, "1200,2000");
        LocalStack stack = TestStack.start(dataDir, 1)) {
      Map<String, String> expected = labels.get();
      expected.put(MARKUP_NAME, expected.get("parrot.jpg"));
      WebDriver browser = chromium.get();
      try {
        browser.get("http://localhost:" + stack.web().port() + "/");
        assertEquals("iras — image recognition", browser.getTitle());

        // The picker is reachable from the keyboard: the first Tab lands on it.
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("files", browser.switchTo().activeElement().getAttribute("id"));

        browser.findElement(By.id("files")).sendKeys(String.join("\n", picked.stream().map(Path::toString).toList()));
        new WebDriverWait(browser, Duration.ofMinutes(3))
            .withMessage(() -> "the page shows: " + browser.findElement(By.tagName("main")).getText())
            .until(b -> b.findElement(By.id("summary")).getText()
                .equals(picked.size() + " images · " + (picked.size() - 1) + " done · 1 failed"));

        List<WebElement> rows = browser.findElements(By.cssSelector("#rows tr"));
        assertEquals(picked.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
          WebElement row = rows.get(i);
          String name = picked.get(i).getFileName().toString();
          assertEquals(name, row.findElement(By.cssSelector("td.file")).getText());
          if (name.equals("notes.jpg")) {
            assertTrue(row.getText().contains("'notes.jpg' is not an image this service reads"), row.getText());
          } else {
            assertEquals(expected.get(name), row.findElement(By.cssSelector("td.label strong")).getText(), name);
            // The parrot under a second name may be answered from the store once the first is answered.
            assertTrue(row.getText().matches("(?s).*\\d+%.*(app-tier-instance-1|from the store).*\\d+(\\.\\d)? m?s.*"),
                row.getText());
          }
          // Only the thumbnail: the name's markup never became an element.
          assertEquals(1, row.findElements(By.tagName("img")).size(), name);
        }
      } finally {
        Browser.screenshot(browser, "upload-page.png");
      }
    }
  }

  /**
   * With the face model: the page signs in with the admin key, two people are enrolled in the People section (a name
   * with markup is refused there), then other photos of them uploaded are named after them, with the distance; a
   * picture of both has both boxes drawn, each with its name.
   */
  @Test
  void aPersonEnrolledOnThePageIsNamedOnAnUpload() throws Exception {
    Browser.assumeInstalled();
    Path enrolled = TestStack.FACES_100;
    try (Browser.Starting chromium = Browser.chromiumMeanwhile(browserProfile, "1200,2000");
        LocalStack stack = TestStack.start(TestStack.faceSettings(dataDir, 1))) {
      WebDriver browser = chromium.get();
      try {
        browser.get("http://localhost:" + stack.web().port() + "/");
        assertTrue(browser.findElement(By.id("people-signed-out")).isDisplayed(), "managing people needs a key");
        assertTrue(!browser.findElement(By.id("enrol")).isDisplayed());
        Browser.signIn(browser, stack.adminKey());
        enrol(browser, "Paul", enrolled, "test_00.jpg", "test_10.jpg");
        enrol(browser, EMILY, enrolled, "test_01.jpg", "test_04.jpg", "test_11.jpg");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b ->
            b.findElements(By.cssSelector("#people-list li")).size() == 2);
        assertEquals(List.of(EMILY + " (3)", "Paul (2)"), browser.findElements(By.cssSelector("#people-list li"))
            .stream().map(e -> e.getText().replace("✕", "").strip()).toList());
        browser.findElement(By.id("person-name")).sendKeys("<b>Mallory</b>");
        browser.findElement(By.id("person-images")).sendKeys(enrolled.resolve("test_02.jpg").toAbsolutePath()
            .normalize().toString());
        browser.findElement(By.cssSelector("#enrol button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b ->
            b.findElement(By.id("enrol-status")).getText().contains("letters, digits, spaces and - ' . only"));
        assertEquals(0, browser.findElements(By.cssSelector("#people b")).size(), "markup in a name stays text");
        browser.findElement(By.id("person-name")).clear();

        Path both = uploads.resolve("both.png");
        Files.write(both, TestStack.twoFaces(enrolled.resolve("test_00.jpg"), enrolled.resolve("test_01.jpg")));
        browser.findElement(By.id("files")).sendKeys(String.join("\n",
            TestStack.FACES_1000.resolve("test_000.jpg").toAbsolutePath().normalize().toString(),
            TestStack.FACES_1000.resolve("test_001.jpg").toAbsolutePath().normalize().toString(),
            both.toAbsolutePath().toString()));
        new WebDriverWait(browser, Duration.ofMinutes(3))
            .withMessage(() -> "the page shows: " + browser.findElement(By.tagName("main")).getText())
            .until(b -> b.findElement(By.id("summary")).getText().equals("3 images · 3 done"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#rows tr"));
        assertEquals("Paul", rows.get(0).findElement(By.cssSelector("td.label strong")).getText());
        assertEquals(EMILY, rows.get(1).findElement(By.cssSelector("td.label strong")).getText());
        for (WebElement row : rows) {
          assertTrue(row.getText().matches("(?s).*distance \\d\\.\\d\\d.*next: .*"), row.getText());
        }
        WebElement drawn = new WebDriverWait(browser, Duration.ofSeconds(10))
            .until(b -> rows.get(2).findElement(By.cssSelector("td.thumb canvas")));
        assertEquals(List.of(EMILY, "Paul"),
            Arrays.stream(drawn.getDomAttribute("data-faces").split(",")).sorted().toList(), rows.get(2).getText());
        assertTrue(rows.get(2).getText().contains("2 faces: "), rows.get(2).getText());
      } finally {
        Browser.screenshot(browser, "upload-page-people.png");
      }
    }
  }

  /**
   * A name stored before names were checked, full of script, is listed as text, runs nothing, and is removed on the
   * page like anyone else.
   */
  @Test
  void aScriptNameNeverRunsInThePage() throws Exception {
    Browser.assumeInstalled();
    String script = "<img src=x onerror=\"document.title='pwned'\">";
    try (Browser.Starting chromium = Browser.chromiumMeanwhile(browserProfile, "1200,1200");
        LocalStack stack = TestStack.start(TestStack.faceSettings(dataDir, 0))) {
      GalleryStore gallery = GalleryStore.of(stack.clients());
      for (String name : List.of(script, "Paul")) {
        gallery.add(new GalleryEntry(name, name.length() + "-1", "x.jpg", new float[] {0.5f}, null, Instant.now()));
      }
      WebDriver browser = chromium.get();
      try {
        browser.get("http://localhost:" + stack.web().port() + "/");
        Browser.signIn(browser, stack.adminKey());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b ->
            b.findElements(By.cssSelector("#people-list li")).size() == 2);
        assertEquals(List.of(script + " (1)", "Paul (1)"), browser.findElements(By.cssSelector("#people-list li"))
            .stream().map(e -> e.getText().replace("✕", "").strip()).toList());
        assertEquals(0, browser.findElements(By.cssSelector("#people img")).size(), "the name never became markup");
        assertEquals("iras — image recognition", browser.getTitle(), "its script never ran");

        browser.findElement(By.cssSelector("#people-list li:first-child button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b ->
            b.findElements(By.cssSelector("#people-list li")).size() == 1);
        assertEquals(List.of("Paul"), gallery.people().stream().map(p -> p.name()).toList());
        assertEquals(script + " removed.", browser.findElement(By.id("enrol-status")).getText());
        assertEquals("iras — image recognition", browser.getTitle());
      } finally {
        Browser.screenshot(browser, "upload-page-script-name.png");
      }
    }
  }

  private static void enrol(WebDriver browser, String name, Path folder, String... images) {
    browser.findElement(By.id("person-name")).sendKeys(name);
    browser.findElement(By.id("person-images")).sendKeys(String.join("\n",
        Arrays.stream(images).map(i -> folder.resolve(i).toAbsolutePath().normalize().toString()).toList()));
    browser.findElement(By.cssSelector("#enrol button")).click();
    new WebDriverWait(browser, Duration.ofMinutes(3))
        .withMessage(() -> "the page shows: " + browser.findElement(By.id("people")).getText())
        .until(b -> b.findElement(By.id("enrol-status")).getText().startsWith(name + " enrolled with "
            + images.length + " image(s)"));
  }
}
