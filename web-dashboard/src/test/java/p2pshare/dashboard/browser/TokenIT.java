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

/** Without the right token the page shows nothing from the node, only the error and a login form. */
class TokenIT {
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
    swarm.seeder("seeder-1", "notes.txt", "hello".getBytes());
    swarm.startNode("laptop");
    context = chromium.newContext(1280, 800);
  }

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    swarm.close();
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
