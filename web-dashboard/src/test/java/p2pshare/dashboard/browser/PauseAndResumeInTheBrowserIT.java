package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A download's Pause button stops it where it is and turns into Resume; Resume takes it up again until it
 * completes. The bandwidth limit makes the download last long enough to pause it.
 */
class PauseAndResumeInTheBrowserIT extends BrowserTest {
  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    byte[] movie = new byte[12 * 1024 * 1024];
    new Random(11).nextBytes(movie);
    swarm.seeder("seeder", "movie.bin", movie);
    swarm.startNode("laptop", new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 3_000_000)));
  }

  @Test
  void pauseStopsTheDownloadAndResumeFinishesIt() throws Exception {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    Locator download = DashboardPage.startDownload(page, "movie");
    assertThat(download).hasAttribute("data-state", "running");
    Locator pause = download.getByTestId("pause");
    assertThat(pause).hasText("Pause");
    pause.click();

    assertThat(download).hasAttribute("data-state", "paused");
    assertThat(download.getByTestId("state")).hasText("paused");
    assertThat(pause).hasText("Resume");
    String percent = download.getByTestId("percent").textContent();
    page.waitForTimeout(600);
    assertEquals(percent, download.getByTestId("percent").textContent(), "nothing moves while paused");

    pause.click();
    assertThat(download).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    assertThat(download.getByTestId("percent")).hasText("100 %");
    assertThat(pause).isHidden();
  }
}
