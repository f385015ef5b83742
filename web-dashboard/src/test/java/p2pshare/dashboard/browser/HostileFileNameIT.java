package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Names come from other peers: markup in them is shown as text in every section, and never runs. */
class HostileFileNameIT extends BrowserTest {
  private static final String NAME = "<img src=x onerror=alert(1)>.txt";

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    swarm.seeder("<b>mallory</b>", NAME, "not an image".getBytes(StandardCharsets.UTF_8));
    swarm.startNode("laptop");
  }

  @Test
  void markupInNamesIsShownAsTextAndNeverRuns() {
    Page page = context.newPage();
    List<String> dialogs = new CopyOnWriteArrayList<>();
    page.onDialog(dialog -> {
      dialogs.add(dialog.message());
      dialog.dismiss();
    });
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));

    assertThat(page.locator("[data-testid=peers] tbody tr")).hasCount(2);
    assertThat(page.locator("[data-testid=peers] tbody td", new Page.LocatorOptions().setHasText("<b>mallory</b>")))
        .hasCount(1);

    page.getByTestId("search").fill("onerror");
    Locator file = page.locator("[data-testid=files] tbody tr[data-file-id]");
    assertThat(file).hasCount(1);
    assertThat(file.locator("td").first()).hasText(NAME);

    file.getByText("Download").click();
    Locator download = page.locator("[data-testid=downloads] [data-download-id]");
    assertThat(download).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
    // The node saves it under a safe name (no '<' or '>'), which the download and the share then carry.
    assertThat(download.locator(".download-name")).containsText("img src=x onerror=alert(1)");
    download.locator(".download-name").click();
    assertThat(download.locator("[data-testid=sources] tbody td").first()).hasText("<b>mallory</b>");
    assertThat(page.locator("[data-testid=shares] tbody td").first()).containsText("img src=x onerror=alert(1)");

    assertThat(page.locator("main img, main b")).hasCount(0);
    assertEquals(List.of(), dialogs, "no script from a name may run");
  }
}
