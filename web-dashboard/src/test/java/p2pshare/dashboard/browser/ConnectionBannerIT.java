package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page says so when it loses the node, or when the node loses the tracker. */
class ConnectionBannerIT extends BrowserTest {
  private Page page;

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    swarm.seeder("seeder-1", "notes.txt", "hello".getBytes());
    swarm.startNode("laptop");
  }

  @BeforeEach
  void openDashboard() throws Exception {
    page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page.getByTestId("banner")).isHidden();
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
