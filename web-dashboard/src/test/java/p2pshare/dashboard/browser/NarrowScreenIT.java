package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;

/** On a 360 px phone screen the page itself never scrolls sideways; wide tables scroll in their own box. */
class NarrowScreenIT extends BrowserTest {
  private static final String LONG_NAME = "holiday-" + "x".repeat(140) + ".mkv";

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    swarm.seeder("a-seeder-with-a-rather-long-name-" + "y".repeat(40), LONG_NAME, new byte[300_000]);
    swarm.startNode("phone");
  }

  @Override
  int viewportWidth() {
    return 360;
  }

  @Override
  int viewportHeight() {
    return 740;
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
