package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import p2pshare.peer.PeerBus;

/** Sharing from the page (picked and dropped files) and downloading from a pasted link, in Chromium. */
class ShareAndLinkInTheBrowserIT extends BrowserTest {
  private static final LocatorAssertions.HasAttributeOptions LONG =
      new LocatorAssertions.HasAttributeOptions().setTimeout(30_000);
  private DashboardSwarm.Seeder other;
  private final byte[] album = new byte[3 * 1024 * 1024];

  @Override
  void populate(DashboardSwarm swarm) throws Exception {
    new Random(11).nextBytes(album);
    other = swarm.seeder("other", "album.bin", album);
    swarm.startNode("laptop");
  }

  @Test
  void aPickedFileIsSharedAndAnotherPeerDownloadsIt() throws Exception {
    byte[] content = new byte[50 * 1024 * 1024];
    new Random(12).nextBytes(content);
    Path picked = Files.write(root.resolve("holiday video.bin"), content);
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));

    page.getByTestId("upload-input").setInputFiles(picked);
    Locator line = page.locator("[data-testid=upload-status] [data-testid=upload]");
    assertThat(line).hasAttribute("data-state", "shared", LONG);
    assertThat(line).containsText("holiday video.bin");
    assertArrayEquals(content, Files.readAllBytes(swarm.nodeShare().resolve("holiday video.bin")));
    assertThat(page.locator("[data-testid=shares] tbody tr").filter(
        new Locator.FilterOptions().setHasText("holiday video.bin"))).hasCount(1);

    JsonObject started = await(other.vertx().eventBus().<JsonObject>request(PeerBus.DOWNLOAD_START,
        new JsonObject().put("name", "holiday video.bin"))).body();
    JsonObject done = DashboardSwarm.askUntil(other.vertx(), PeerBus.DOWNLOAD_GET,
        new JsonObject().put("id", started.getString("id")),
        d -> List.of("completed", "failed").contains(d.getString("state")));
    assertEquals("completed", done.getString("state"), done.encode());
    assertArrayEquals(content, Files.readAllBytes(Path.of(done.getString("path"))));

    // This node's uploads panel: the file, its 50 MiB, and that they went to the other peer.
    Locator uploaded = page.locator("[data-testid=uploads] tbody tr[data-file-id]");
    assertThat(uploaded).hasCount(1);
    assertThat(uploaded).containsText("holiday video.bin");
    assertThat(uploaded).containsText("50.0 MiB");
    assertThat(uploaded.locator(".peers-to")).containsText("other@127.0.0.1 50.0 MiB");
    assertThat(page.getByTestId("transfer-totals")).containsText("Uploaded 50.0 MiB");
  }

  @Test
  void aDroppedFileIsShared() throws Exception {
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    assertThat(page.getByTestId("drop-zone")).isVisible();
    // A drop as the browser makes it: a DataTransfer holding a File, dropped on the zone.
    page.evaluate("() => { const data = new DataTransfer();"
        + " data.items.add(new File(['dropped ' + 'x'.repeat(1000)], '../../notes.txt'));"
        + " const zone = document.querySelector('[data-testid=drop-zone]');"
        + " zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));"
        + " zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true })); }");
    Locator line = page.locator("[data-testid=upload-status] [data-testid=upload]");
    assertThat(line).hasAttribute("data-state", "shared", LONG);
    String name = line.textContent().replaceFirst("^Shared (.*) \\(.*\\)$", "$1");
    assertTrue(!name.contains("/") && !name.startsWith("."), name);
    assertEquals("dropped " + "x".repeat(1000),
        Files.readString(swarm.nodeShare().resolve(name), StandardCharsets.UTF_8));
  }

  @Test
  void aCopiedLinkPastedBackStartsTheDownload() throws Exception {
    context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
    Page page = context.newPage();
    page.navigate(swarm.url("/?token=" + DashboardSwarm.TOKEN));
    page.getByTestId("search").fill("album");
    Locator file = page.locator("[data-testid=files] tbody tr[data-file-id]");
    assertThat(file).hasCount(1);
    String fileId = file.getAttribute("data-file-id");
    page.getByTestId("link-" + fileId).click();
    assertThat(page.getByTestId("link-" + fileId)).hasText("Copied");
    String link = (String) page.evaluate("() => navigator.clipboard.readText()");
    assertEquals("p2pshare:" + fileId + "?name=album.bin&size=" + album.length, link);

    page.getByTestId("link-input").fill(link);
    page.locator("[data-testid=link-form] button").click();
    Locator download = page.locator("[data-testid=downloads] [data-download-id]");
    assertThat(download).hasAttribute("data-state", "completed", LONG);
    String path = (String) page.evaluate("id => fetch('/api/downloads/' + id, { headers: { Authorization: "
        + "'Bearer " + DashboardSwarm.TOKEN + "' } }).then(r => r.json()).then(d => d.path)",
        download.getAttribute("data-download-id"));
    assertArrayEquals(album, Files.readAllBytes(Path.of(path)));
  }
}
