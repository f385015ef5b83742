package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A download whose only seeder leaves waits for a source: the page shows it as waiting, says why, counts down to the
 * next question to the tracker, and still offers Pause and Cancel; it is neither finished nor failed.
 */
class WaitingForASourceInTheBrowserIT extends BrowserTest {
  private static final LocatorAssertions.HasAttributeOptions LONG =
      new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);
  private static final Pattern WAITING_TEXT = Pattern.compile("Waiting: .+ · asking the tracker again in \\d+ s");

  private DashboardSwarm.Seeder seeder;

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    byte[] movie = new byte[12 * 1024 * 1024];
    new Random(23).nextBytes(movie);
    seeder = swarm.seeder("seeder", "movie.bin", movie);
    // Slow enough to stop the seeder mid-way; a long first wait so the countdown is there to be seen.
    swarm.startNode("laptop", new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 3_000_000)
        .put("retryMinMillis", 20_000).put("retryMaxMillis", 30_000)));
  }

  @Test
  void aDownloadWithoutSourcesWaitsWithItsReasonAndACountdown() throws Exception {
    Page page = context.newPage();
    List<String> pageErrors = new ArrayList<>();
    page.onPageError(pageErrors::add);
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    Locator download = DashboardPage.startDownload(page, "movie");
    assertThat(download).hasAttribute("data-state", "running");
    seeder.stop();

    assertThat(download).hasAttribute("data-state", "waiting", LONG);
    assertThat(download.getByTestId("state")).hasText("waiting");
    Locator waiting = download.getByTestId("waiting");
    assertThat(waiting).isVisible();
    assertThat(waiting).hasText(WAITING_TEXT);
    assertThat(download.locator(".download-error")).isHidden();
    assertThat(download.getByTestId("speed")).hasText("");
    assertThat(download.getByTestId("eta")).hasText("");
    assertThat(download.getByTestId("pause")).hasText("Pause");
    Locator cancel = download.locator(".download-actions button", new Locator.LocatorOptions().setHasText("Cancel"));
    assertThat(cancel).isVisible();

    // The countdown moves on its own, with no message from the node.
    String before = waiting.textContent();
    assertThat(waiting).not().hasText(before);
    assertThat(waiting).hasText(WAITING_TEXT);

    download.getByTestId("pause").click();
    assertThat(download).hasAttribute("data-state", "paused");
    assertThat(waiting).isHidden();
    download.getByTestId("pause").click();
    assertThat(download).hasAttribute("data-state", "waiting", LONG);

    cancel.click();
    assertThat(download).hasAttribute("data-state", "cancelled");
    assertThat(waiting).isHidden();
    assertThat(download.getByTestId("pause")).isHidden();
    assertEquals(List.of(), pageErrors);
  }
}
