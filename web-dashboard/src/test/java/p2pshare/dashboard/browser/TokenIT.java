package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** Without the right token the page shows nothing from the node, only the error and a login form. */
class TokenIT extends BrowserTest {
  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    swarm.seeder("seeder-1", "notes.txt", "hello".getBytes());
    swarm.startNode("laptop");
  }

  @Test
  void wrongTokenShowsTheErrorAndNoDataThenTheRightOneLogsIn() {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=wrong-token"));

    assertThat(page.getByTestId("auth-error")).isVisible();
    assertThat(page.getByTestId("auth-error")).containsText("Wrong or missing token");
    assertThat(page.getByTestId("login")).isVisible();
    assertThat(page).hasURL(swarm.url("/"));
    assertThat(page.getByTestId("peers")).isHidden();
    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(0);
    assertThat(page.locator("[data-testid=files] tbody tr")).hasCount(0);

    page.getByTestId("login").locator("input").fill(DashboardSwarm.TOKEN);
    page.getByTestId("login").locator("button").click();

    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page.locator("[data-testid=files] tbody tr")).containsText("notes.txt");
    assertThat(page.getByTestId("login")).isHidden();
  }

  @Test
  void noTokenShowsTheLoginFormWithoutAnError() {
    Page page = context.newPage();
    page.navigate(swarm.url("/"));

    assertThat(page.getByTestId("login")).isVisible();
    assertThat(page.getByTestId("auth-error")).isHidden();
    assertThat(page.getByTestId("peers")).isHidden();
  }

  @Test
  void theTokenSurvivesAReloadWithoutTheQuery() {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page).hasURL(swarm.url("/"));

    page.reload();

    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page.getByTestId("login")).isHidden();
  }
}
