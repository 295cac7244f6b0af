package iras.app;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium, driven by its own chromedriver (nothing is downloaded), for tests of the pages. */
final class Browser {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browser() {}

  /** Skips the test where the browser is missing, except on CI, which installs it (.ci/run). */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    assertTrue(installed || System.getenv("CI") == null, "chromium and chromium-driver are not installed");
    assumeTrue(installed, "needs Debian's browser: apt-get install -y chromium chromium-driver");
  }

  private static WebDriver chromium(Path profile, String windowSize) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--window-size=" + windowSize, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  /**
   * {@link #chromium} on a thread of its own, so the test starts its stack meanwhile: both take seconds, mostly
   * waiting. {@link Starting#get} waits for the browser; closing quits it however far the test got.
   */
  static Starting chromiumMeanwhile(Path profile, String windowSize) {
    return new Starting(CompletableFuture.supplyAsync(() -> chromium(profile, windowSize), task -> {
      Thread thread = new Thread(task, "chromium-start");
      thread.setDaemon(true);
      thread.start();
    }));
  }

  /** A browser being started; see {@link #chromiumMeanwhile}. */
  static final class Starting implements AutoCloseable {
    private final CompletableFuture<WebDriver> driver;

    private Starting(CompletableFuture<WebDriver> driver) {
      this.driver = driver;
    }

    WebDriver get() {
      return driver.join();
    }

    @Override
    public void close() {
      WebDriver started;
      try {
        started = driver.join();
      } catch (CompletionException failed) {
        // Reported by get(), or the test failed before it needed the browser.
        return;
      }
      started.quit();
    }
  }

  /** Signs the page in with a key at its foot, and waits until it says so. */
  static void signIn(WebDriver browser, String key) {
    browser.findElement(By.id("api-key")).sendKeys(key);
    browser.findElement(By.cssSelector("#sign-in button")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .withMessage(() -> "not signed in: " + browser.findElement(By.id("access")).getText())
        .until(b -> b.findElement(By.id("signed-in")).isDisplayed()
            && !b.findElement(By.id("sign-in")).isDisplayed());
  }

  static void screenshot(WebDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
