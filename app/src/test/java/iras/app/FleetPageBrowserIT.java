package iras.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iras.app.local.LocalCommand.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person watching the fleet page in headless Chromium while 100 images arrive at once: the instance chart rises
 * as workers launch and falls back to none once the queue drains, and the table names the instances while they
 * run. Leaves screenshots of the burst and its end in target/screenshots/.
 */
class FleetPageBrowserIT {
  private static final Pattern INSTANCES_NOW = Pattern.compile("^Now (\\d+) instances?\\b.*; peak (\\d+) in the");
  private static final Pattern LATENCY = Pattern.compile("half answered within \\d+(\\.\\d)? (ms|s), 95% within \\d");
  private static final Pattern RATE_PEAK = Pattern.compile("peak (\\d+\\.\\d)\\.$");
  private static final int WORKERS = 2;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  @TempDir Path dataDir;
  @TempDir Path browserProfile;

  @Test
  void theInstanceChartRisesAndFallsAndTheTableListsTheInstancesDuringABurst() throws Exception {
    Browser.assumeInstalled();
    List<Path> images = Reference.images(TestStack.IMAGENET_100);
    assertEquals(100, images.size());

    try (Browser.Starting chromium = Browser.chromiumMeanwhile(browserProfile, "1400,1300");
        LocalStack stack = TestStack.start(TestStack.settings(dataDir, WORKERS, TestStack.SMALL_MODEL))) {
      URI root = URI.create("http://localhost:" + stack.web().port() + "/");
      WebDriver browser = chromium.get();
      try {
        browser.get(root.resolve("/").toString());
        Browser.signIn(browser, stack.adminKey());
        browser.findElement(By.linkText("Watch the fleet")).click();
        assertEquals("iras — fleet", browser.getTitle());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(3), Duration.ofMillis(200));
        // The page rewrites its tables and captions every second; an element read as it is replaced is read again.
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> "at rest? " + text(browser, "instances-summary"))
            .until(b -> text(b, "instances-summary").startsWith("Now 0 instances"));
        // The chart library came from the web tier's webjar and drew the charts.
        assertEquals(4, browser.findElements(By.cssSelector(".chart canvas")).size());
        assertEquals("Instances by state Now 0 instances; peak 0 in the charted minutes.",
            ariaLabel(browser, "instances-chart"));

        List<CompletableFuture<HttpResponse<String>>> answers = images.stream()
            .map(image -> http.sendAsync(post(root, image), HttpResponse.BodyHandlers.ofString()))
            .toList();

        Set<String> listed = new TreeSet<>();
        int[] peak = {0};
        boolean[] shot = {false};
        wait.withMessage(() -> "the burst never showed " + WORKERS + " instances: " + text(browser, "main"))
            .until(b -> {
              int now = instancesNow(b)[0];
              peak[0] = Math.max(peak[0], now);
              for (String row : rows(b)) {
                if (row.matches("app-tier-instance-\\d+\t(LAUNCHING|STARTING|IDLE|BUSY)\t.*")) {
                  listed.add(row.split("\t")[0]);
                }
              }
              if (now == WORKERS && text(b, "instances").contains("BUSY") && !shot[0]) {
                shot[0] = true;
                screenshotQuietly(b, "fleet-burst.png");
              }
              return shot[0];
            });
        for (CompletableFuture<HttpResponse<String>> a : answers) {
          HttpResponse<String> r = a.get();
          assertEquals(200, r.statusCode(), r.body());
        }

        boolean[] latencyShown = {false};
        wait.withMessage(() -> "the fleet never went back to rest: " + text(browser, "main"))
            .until(b -> {
              latencyShown[0] |= LATENCY.matcher(text(b, "latency-summary")).find();
              return instancesNow(b)[0] == 0;
            });
        int[] end = instancesNow(browser);
        assertEquals(WORKERS, end[1], "the chart's own peak: it rose to the cap and fell back to none");
        assertEquals(WORKERS, peak[0]);
        assertEquals(Set.of("app-tier-instance-1", "app-tier-instance-2"), listed);
        assertTrue(text(browser, "events").contains("launch"), text(browser, "events"));
        assertTrue(text(browser, "events").contains("stop"), text(browser, "events"));
        assertTrue(latencyShown[0], "the latency chart's summary gave p50 and p95 of the burst's answers");
        Matcher rate = RATE_PEAK.matcher(text(browser, "rate-summary"));
        assertTrue(rate.find() && Double.parseDouble(rate.group(1)) > 0, text(browser, "rate-summary"));
        assertTrue(Integer.parseInt(text(browser, "done")) >= images.size(), text(browser, "done"));
        assertTrue(browser.findElement(By.id("problem")).getAttribute("hidden") != null, text(browser, "problem"));
      } finally {
        Browser.screenshot(browser, "fleet-after-burst.png");
      }
    }
  }

  /** What the instance chart's text alternative says: instances now and the highest point of the chart. */
  private static int[] instancesNow(WebDriver browser) {
    Matcher m = INSTANCES_NOW.matcher(text(browser, "instances-summary"));
    return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {-1, -1};
  }

  /** The instance table's rows, cells separated by tabs; read at once, as the page replaces them every second. */
  @SuppressWarnings("unchecked")
  private static List<String> rows(WebDriver browser) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return Array.from(document.querySelectorAll('#instances tr'))"
            + ".map(r => Array.from(r.cells).map(c => c.textContent).join('\\t'))");
  }

  /** The chart's accessible name, as a screen reader announces it: its caption's title and summary. */
  private static String ariaLabel(WebDriver browser, String id) {
    return (String) ((JavascriptExecutor) browser).executeScript(
        "return arguments[0].getAttribute('aria-labelledby').split(' ')"
            + ".map(i => document.getElementById(i).textContent).join(' ')",
        browser.findElement(By.id(id)));
  }

  private static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static java.net.http.HttpRequest post(URI root, Path image) {
    try {
      return new Multipart().file("inputFile", image.getFileName().toString(), "image/jpeg", Files.readAllBytes(image))
          .post(root);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void screenshotQuietly(WebDriver browser, String name) {
    try {
      Browser.screenshot(browser, name);
    } catch (Exception e) {
      throw new AssertionError("cannot save " + name, e);
    }
  }
}
