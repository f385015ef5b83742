package p2pshare.dashboard.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's headless Chromium, driven by Playwright. Nothing is downloaded: without {@code /usr/bin/chromium} the
 * browser tests are skipped on a workstation and fail on CI (where the environment variable {@code CI} is set).
 */
final class Chromium implements AutoCloseable {
  static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
  static final Path SCREENSHOTS = Paths.get("target", "screenshots");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  static Chromium launch() {
    if (!Files.isExecutable(EXECUTABLE)) {
      String why = EXECUTABLE + " is missing; install it with: apt-get install -y chromium";
      if (System.getenv("CI") != null) {
        fail("CI must install chromium: " + why);
      }
      Assumptions.assumeTrue(false, "browser tests skipped: " + why);
    }
    PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(EXECUTABLE)
          .setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh context (its own sessionStorage) with a viewport of the given size. */
  BrowserContext newContext(int width, int height) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
    context.setDefaultTimeout(15_000);
    return context;
  }

  /**
   * A fresh context for a dashboard over HTTPS with a certificate from a test network's own CA, which this test
   * browser does not know: it is told to accept it (for the test only).
   */
  BrowserContext newHttpsContext(int width, int height) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
        .setIgnoreHTTPSErrors(true));
    context.setDefaultTimeout(15_000);
    return context;
  }

  static Path screenshot(String name) {
    return SCREENSHOTS.resolve(name);
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
