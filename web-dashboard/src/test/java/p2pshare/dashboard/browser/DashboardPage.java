package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

/** What tests do on the dashboard page the way a user does it. */
final class DashboardPage {
  private DashboardPage() {
  }

  /**
   * Searches the network for {@code query}, expects exactly one file, clicks its Download button, and returns the
   * rows of the downloads list.
   */
  static Locator startDownload(Page page, String query) {
    page.getByTestId("search").fill(query);
    Locator file = page.locator("[data-testid=files] tbody tr[data-file-id]");
    assertThat(file).hasCount(1);
    page.getByTestId("download-" + file.getAttribute("data-file-id")).click();
    return page.locator("[data-testid=downloads] [data-download-id]");
  }
}
