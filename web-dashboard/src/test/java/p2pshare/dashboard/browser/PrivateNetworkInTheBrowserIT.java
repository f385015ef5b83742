package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.dashboard.browser.DashboardSwarm.askUntil;
import static p2pshare.testkit.Await.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.node.PeerNodeVerticle;
import p2pshare.peer.PeerBus;
import p2pshare.peer.PeerVerticle;
import p2pshare.tracker.TrackerVerticle;

/**
 * A private network in the browser: the dashboard over HTTPS with the node's own certificate (and the same token,
 * Host and Origin rules), a download over mutual TLS, and the node's certificate about to expire, said on the page.
 */
class PrivateNetworkInTheBrowserIT {
  @TempDir
  Path root;

  private final List<Vertx> vertxes = new ArrayList<>();
  private Chromium chromium;
  private BrowserContext context;

  @AfterEach
  void stop() throws Exception {
    if (context != null) {
      context.close();
    }
    if (chromium != null) {
      chromium.close();
    }
    for (Vertx vertx : vertxes) {
      await(vertx.close());
    }
  }

  private void keys(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "../scripts/network-keys.sh"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), output);
  }

  private JsonObject tls(String name) {
    Path dir = root.resolve("keys");
    return new JsonObject().put("cert", dir.resolve(name + ".crt").toString())
        .put("key", dir.resolve(name + ".key").toString()).put("ca", dir.resolve("ca.crt").toString());
  }

  private JsonObject peer(String name, int trackerPort) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name).resolve("share")).getParent();
    return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", 0)
        .put("shareDir", dir.resolve("share").toString()).put("downloadDir", dir.resolve("downloads").toString())
        .put("tracker", new JsonObject().put("host", "127.0.0.1").put("port", trackerPort))
        .put("heartbeatSeconds", 1).put("rescanSeconds", 0.2).put("chunkSize", 256 * 1024).put("tls", tls(name));
  }

  private Vertx vertx() {
    Vertx vertx = Vertx.vertx();
    vertxes.add(0, vertx);
    return vertx;
  }

  @Test
  void anHttpsDashboardDownloadsOverMutualTlsAndWarnsOfExpiry() throws Exception {
    String keys = root.resolve("keys").toString();
    keys(Map.of(), "init", keys);
    keys(Map.of(), "tracker", keys, "tracker");
    keys(Map.of(), "node", keys, "seeder");
    keys(Map.of("DAYS", "10"), "node", keys, "laptop"); // expires soon: the page says so

    TrackerVerticle tracker = new TrackerVerticle();
    await(vertx().deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("httpPort", -1).put("warmUp", false).put("tls", tls("tracker")))));
    byte[] movie = new byte[6 * 1024 * 1024 + 5];
    new Random(9).nextBytes(movie);
    JsonObject seederConfig = peer("seeder", tracker.actualPort());
    Files.write(root.resolve("seeder/share/movie.bin"), movie);
    Vertx seeder = vertx();
    await(seeder.deployVerticle(PeerVerticle.class.getName(), new DeploymentOptions().setConfig(seederConfig)));
    askUntil(seeder, PeerBus.NODE, new JsonObject(), n -> Boolean.TRUE.equals(n.getBoolean("trackerConnected")));

    Vertx laptop = vertx();
    PeerNodeVerticle node = new PeerNodeVerticle();
    await(laptop.deployVerticle(node, new DeploymentOptions().setConfig(peer("laptop", tracker.actualPort())
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", "test-token")
            .put("peersRefreshMillis", 500)
            .put("tls", true)))));
    String base = "https://127.0.0.1:" + node.httpPort();

    // The API keeps its token rule over HTTPS.
    WebClient http = WebClient.create(laptop, new WebClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false));
    assertEquals(401, await(http.get(node.httpPort(), "127.0.0.1", "/api/node").send()).statusCode());

    chromium = Chromium.launch();
    context = chromium.newHttpsContext(1280, 800);
    Page page = context.newPage();
    page.navigate(base + "/?token=test-token");
    Locator network = page.locator("[data-testid=node] [data-field=network]");
    assertThat(network).containsText("Private (mutual TLS), as laptop");
    assertThat(network).containsText("expires in");
    assertThat(network).hasClass("network-warning");

    assertThat(DashboardPage.startDownload(page, "movie")).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    assertArrayEquals(movie, Files.readAllBytes(root.resolve("laptop/downloads/movie.bin")));
  }
}
