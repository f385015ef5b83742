package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The whole story in a browser: log in, find a file, download it from three seeders, watch a seeder leave. */
class DashboardDownloadIT extends BrowserTest {
  private final List<DashboardSwarm.Seeder> seeders = new ArrayList<>();

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    byte[] movie = new byte[24 * 1024 * 1024];
    new Random(7).nextBytes(movie);
    for (int i = 1; i <= 3; i++) {
      seeders.add(swarm.seeder("seeder-" + i, "movie.bin", movie));
    }
    swarm.startNode("laptop");
  }

  @Test
  void downloadFromThreeSeedersThenOneLeaves() throws Exception {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));

    Locator peers = page.locator("[data-testid=peers] tbody tr");
    assertThat(peers).hasCount(4);
    assertThat(page.locator("[data-testid=peers] tr[data-peer-id='" + swarm.nodePeerId() + "']"))
        .containsText("laptop");
    assertThat(page).hasURL(swarm.url("/"));
    // No tls settings: the page says the network is open.
    assertThat(page.locator("[data-testid=node] [data-field=network]")).containsText("Open network");

    page.getByTestId("search").fill("movie");
    Locator file = page.locator("[data-testid=files] tbody tr[data-file-id]");
    assertThat(file).hasCount(1);
    assertThat(file).containsText("movie.bin");
    assertThat(file).containsText("24.0 MiB");
    String fileId = file.getAttribute("data-file-id");
    page.getByTestId("download-" + fileId).click();

    Locator download = page.locator("[data-testid=downloads] [data-download-id]");
    assertThat(download).hasCount(1);
    assertThat(download).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    assertThat(download.getByTestId("percent")).hasText("100 %");
    assertThat(download.locator("progress")).hasAttribute("value", "100");

    download.locator(".download-name").click();
    Locator sources = download.locator("[data-testid=sources] tbody tr");
    assertThat(sources).hasCount(3);
    for (DashboardSwarm.Seeder seeder : seeders) {
      assertThat(download.locator("[data-testid=sources] tr[data-peer-id='" + seeder.peerId() + "']"))
          .containsText(seeder.name());
    }
    // The node shares what it downloaded.
    assertThat(page.locator("[data-testid=shares] tbody tr[data-file-id='" + fileId + "']")).containsText("movie.bin");
    page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("dashboard.png")).setFullPage(true));

    DashboardSwarm.Seeder leaving = seeders.get(1);
    leaving.stop();
    assertThat(page.locator("[data-testid=peers] tr[data-peer-id='" + leaving.peerId() + "']")).hasCount(0);
    assertThat(peers).hasCount(3);
    assertThat(page.getByTestId("banner")).isHidden();
    // The search reruns on its own: one source fewer, plus this node.
    assertThat(file.locator("td").nth(2)).hasText(Pattern.compile("^3$"));
  }
}
