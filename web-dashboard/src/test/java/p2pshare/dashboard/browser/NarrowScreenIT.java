package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a 360 px phone screen the page itself never scrolls sideways; wide tables scroll in their own box. */
class NarrowScreenIT {
  private static final String LONG_NAME = "holiday-" + "x".repeat(140) + ".mkv";
  private static Chromium chromium;

  @TempDir
  Path root;

  private DashboardSwarm swarm;
  private BrowserContext context;

  @BeforeAll
  static void launchBrowser() {
    chromium = Chromium.launch();
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void startSwarm() throws Exception {
    swarm = new DashboardSwarm(root);
    swarm.seeder("a-seeder-with-a-rather-long-name-" + "y".repeat(40), LONG_NAME, new byte[300_000]);
    swarm.startNode("phone");
    context = chromium.newContext(360, 740);
  }

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    swarm.close();
  }

  @Test
  void nothingOverflowsTheViewportAt360Pixels() {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));

    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    Locator file = page.locator("[data-testid=files] tbody tr[data-file-id]");
    assertThat(file).hasCount(1);
    file.getByText("Download").click();
    Locator download = page.locator("[data-testid=downloads] [data-download-id]");
    assertThat(download).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
    download.locator(".download-name").click();
    assertThat(download.locator("[data-testid=sources] tbody tr")).hasCount(1);

    int pageWidth = ((Number) page.evaluate("document.documentElement.scrollWidth")).intValue();
    int bodyWidth = ((Number) page.evaluate("document.body.scrollWidth")).intValue();
    page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("dashboard-360.png")).setFullPage(true));
    assertTrue(pageWidth <= 360, "the page is " + pageWidth + " px wide at a 360 px viewport");
    assertTrue(bodyWidth <= 360, "the body is " + bodyWidth + " px wide at a 360 px viewport");
  }
}
