package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page says so when it loses the node, or when the node loses the tracker. */
class ConnectionBannerIT {
  private static Chromium chromium;

  @TempDir
  Path root;

  private DashboardSwarm swarm;
  private BrowserContext context;
  private Page page;

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
  void openDashboard() throws Exception {
    swarm = new DashboardSwarm(root);
    swarm.seeder("seeder-1", "notes.txt", "hello".getBytes());
    swarm.startNode("laptop");
    context = chromium.newContext(1280, 800);
    page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page.getByTestId("banner")).isHidden();
  }

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    swarm.close();
  }

  @Test
  void nodeGoneShowsConnectionLost() throws Exception {
    swarm.stopNode();

    assertThat(page.getByTestId("banner")).isVisible();
    assertThat(page.getByTestId("banner")).containsText("Connection lost");
  }

  @Test
  void trackerGoneShowsTrackerUnreachable() throws Exception {
    swarm.stopTracker();

    assertThat(page.getByTestId("banner")).containsText("Tracker unreachable");
    assertThat(page.locator("[data-testid=node] [data-field=tracker]")).hasText("unreachable");
  }
}
