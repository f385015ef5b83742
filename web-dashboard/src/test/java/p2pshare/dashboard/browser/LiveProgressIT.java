package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Progress arrives while the download runs, not only at its end: with the node's bandwidth limit the download
 * takes a few seconds, and the page shows it part-done and running, with a speed, before it completes.
 */
class LiveProgressIT extends BrowserTest {
  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    byte[] movie = new byte[24 * 1024 * 1024];
    new Random(9).nextBytes(movie);
    for (int i = 1; i <= 3; i++) {
      swarm.seeder("seeder-" + i, "movie.bin", movie);
    }
    swarm.startNode("laptop", new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 6_000_000)));
  }

  @Test
  void theProgressBarMovesWhileTheDownloadRuns() throws Exception {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    Locator download = DashboardPage.startDownload(page, "movie");
    assertThat(download).hasAttribute("data-state", "running");
    // Somewhere between a third and nine tenths done, still running: an update that came while it ran.
    assertThat(download.getByTestId("percent")).hasText(Pattern.compile("^([3-8][0-9]) %$"),
        new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    assertThat(download).hasAttribute("data-state", "running");
    // The chunk map's data: 96 chunks of 256 KiB, part of them done while it runs, then all of them.
    Locator map = download.getByTestId("chunk-map");
    assertThat(map).hasAttribute("data-chunks", "96");
    int midway = Integer.parseInt(map.getAttribute("data-chunks-done"));
    assertTrue(midway > 0 && midway < 96, "chunks done midway: " + midway);
    // And its picture: the done colour fills part of the bar, not all of it.
    double filled = ((Number) map.evaluate("c => { const d = c.getContext('2d').getImageData(0, 0, c.width, 1).data;"
        + " const ok = getComputedStyle(document.documentElement).getPropertyValue('--ok').trim();"
        + " const probe = document.createElement('canvas').getContext('2d'); probe.fillStyle = ok;"
        + " probe.fillRect(0, 0, 1, 1); const [r, g, b] = probe.getImageData(0, 0, 1, 1).data; let n = 0;"
        + " for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b) n++;"
        + " return n / c.width; }")).doubleValue();
    assertTrue(filled > 0 && filled < 1, "share of the bar drawn as done: " + filled);
    // Behind the map: how many of the 3 seeders offer each of the 96 chunks so far (super-seeding seeders hand out
    // different chunks first), and what is in flight.
    List<?> midRun = (List<?>) page.evaluate("id => fetch('/api/downloads/' + id, { headers: { Authorization: "
        + "'Bearer " + DashboardSwarm.TOKEN + "' } }).then(r => r.json()).then(d => [[...atob(d.availability)]"
        + ".map(c => c.charCodeAt(0)), typeof d.inFlight, d.state])", download.getAttribute("data-download-id"));
    if ("running".equals(midRun.get(2))) {
      List<?> availability = (List<?>) midRun.get(0);
      assertEquals(96, availability.size());
      assertTrue(availability.stream().allMatch(n -> ((Number) n).intValue() <= 3), "availability " + availability);
      assertTrue(availability.stream().anyMatch(n -> ((Number) n).intValue() > 0), "availability " + availability);
      assertEquals("string", midRun.get(1));
    }
    download.locator(".download-name").click();
    assertThat(download.locator("[data-testid=sources] tbody tr")).hasCount(3);
    page.screenshot(new Page.ScreenshotOptions().setPath(Chromium.screenshot("dashboard-mid.png")).setFullPage(true));
    download.screenshot(new Locator.ScreenshotOptions().setPath(Chromium.screenshot("download-chunk-map.png")));

    // The user looks away: the tab is hidden (as the browser reports it) and notifications are allowed.
    page.evaluate("() => { window.hiddenForTest = true;"
        + " Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.hiddenForTest });"
        + " window.notified = []; window.Notification = class { constructor(title) { window.notified.push(title); } };"
        + " window.Notification.permission = 'granted'; }");

    assertThat(download).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    assertTrue(download.getByTestId("percent").textContent().startsWith("100"));
    assertThat(download.getByTestId("chunk-map")).hasAttribute("data-chunks-done", "96");
    // Finished in the background: the title counts it and a notification says it; looking again clears the count.
    assertThat(page).hasTitle("(1) laptop · p2pshare");
    assertTrue(page.evaluate("window.notified").toString().contains("movie.bin downloaded"));
    page.evaluate("() => { window.hiddenForTest = false; document.dispatchEvent(new Event('visibilitychange')); }");
    assertThat(page).hasTitle("laptop · p2pshare");
  }
}
