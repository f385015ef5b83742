package p2pshare.dashboard.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static p2pshare.dashboard.browser.DashboardSwarm.askUntil;
import static p2pshare.testkit.Await.await;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.node.PeerNodeVerticle;
import p2pshare.peer.PeerBus;
import p2pshare.peer.PeerVerticle;
import p2pshare.tracker.TrackerVerticle;

/**
 * A node on tracker node B of a two-node cluster, with a seeder on node A: the page names B and the cluster's two
 * members, finds and downloads the seeder's file across the nodes, and names A once B is gone.
 */
class ClusterInTheBrowserIT {
  private final String clusterName = "p2pshare-browser-" + UUID.randomUUID();
  private final List<Vertx> vertxes = new ArrayList<>();
  private final List<Integer> hazelcastPorts = new ArrayList<>();

  @TempDir
  Path root;

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
      vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** A tracker on a clustered Vert.x of its own, with the project's conf/cluster.xml on free loopback ports. */
  private Vertx trackerNode(int index, TrackerVerticle tracker) throws Exception {
    Config hazelcast;
    try (InputStream xml = new FileInputStream("../conf/cluster.xml")) {
      hazelcast = new XmlConfigBuilder(xml).build();
    }
    hazelcast.setClusterName(clusterName);
    hazelcast.getNetworkConfig().setPort(hazelcastPorts.get(index)).setPortAutoIncrement(false);
    hazelcast.getNetworkConfig().getJoin().getTcpIpConfig()
        .setMembers(hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).toList());
    Vertx vertx = await(Vertx.builder().withClusterManager(new HazelcastClusterManager(hazelcast))
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .buildClustered());
    vertxes.add(vertx);
    await(vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("httpPort", -1).put("shards", 1).put("peerTimeoutSeconds", 5).put("warmUp", false))));
    return vertx;
  }

  private static JsonObject peerConfig(String name, Path dir, int... trackerPorts) throws Exception {
    Files.createDirectories(dir.resolve("share"));
    JsonArray trackers = new JsonArray();
    for (int port : trackerPorts) {
      trackers.add(new JsonObject().put("host", "127.0.0.1").put("port", port));
    }
    return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", 0)
        .put("shareDir", dir.resolve("share").toString()).put("downloadDir", dir.resolve("downloads").toString())
        .put("trackers", trackers).put("heartbeatSeconds", 1).put("rescanSeconds", 0.2).put("chunkSize", 256 * 1024);
  }

  @Test
  void thePageNamesItsTrackerNodeAndTheMembersAndDownloadsAcrossThem() throws Exception {
    for (int i = 0; i < 2; i++) {
      try (ServerSocket socket = new ServerSocket(0)) {
        hazelcastPorts.add(socket.getLocalPort());
      }
    }
    TrackerVerticle a = new TrackerVerticle();
    TrackerVerticle b = new TrackerVerticle();
    trackerNode(0, a);
    Vertx nodeB = trackerNode(1, b);

    byte[] movie = new byte[8 * 1024 * 1024];
    new Random(3).nextBytes(movie);
    JsonObject seederConfig = peerConfig("seeder-on-a", root.resolve("seeder"), a.actualPort());
    Files.write(root.resolve("seeder/share/movie.bin"), movie);
    Vertx seeder = Vertx.vertx();
    vertxes.add(seeder);
    await(seeder.deployVerticle(PeerVerticle.class.getName(), new DeploymentOptions().setConfig(seederConfig)));

    Vertx laptop = Vertx.vertx();
    vertxes.add(0, laptop);
    PeerNodeVerticle node = new PeerNodeVerticle();
    await(laptop.deployVerticle(node, new DeploymentOptions().setConfig(
        peerConfig("laptop", root.resolve("laptop"), b.actualPort(), a.actualPort())
            .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", "test-token")
            .put("peersRefreshMillis", 500)))));
    askUntil(laptop, PeerBus.NODE, new JsonObject(), n -> Boolean.TRUE.equals(n.getBoolean("trackerConnected"))
        && n.getJsonObject("trackerNode").getJsonArray("members", new JsonArray()).size() == 2);

    chromium = Chromium.launch();
    context = chromium.newContext(1280, 800);
    Page page = context.newPage();
    page.navigate("http://127.0.0.1:" + node.httpPort() + "/?token=test-token");
    Locator nodeInfo = page.getByTestId("node");
    assertThat(nodeInfo.locator("[data-field=trackerNode]")).hasText("127.0.0.1:" + b.actualPort());
    assertThat(nodeInfo.locator("[data-field=cluster]")).containsText("2 members: 127.0.0.1:" + b.actualPort());
    assertThat(nodeInfo.locator("[data-field=cluster]")).containsText("127.0.0.1:" + a.actualPort());
    // Tracker B dialled the laptop's chunk port back and got its hello.
    assertThat(nodeInfo.locator("[data-field=reach]")).hasText("Reachable (the tracker sees it as 127.0.0.1).");

    // The seeder joined through A; the laptop finds it through B and downloads from it.
    assertThat(DashboardPage.startDownload(page, "movie")).hasAttribute("data-state", "completed",
        new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
    assertArrayEquals(movie, Files.readAllBytes(root.resolve("laptop/downloads/movie.bin")));

    // Node B goes away: the laptop moves to A, and the page says so.
    await(nodeB.close());
    vertxes.remove(nodeB);
    assertThat(nodeInfo.locator("[data-field=trackerNode]")).hasText("127.0.0.1:" + a.actualPort(),
        new LocatorAssertions.HasTextOptions().setTimeout(20_000));
    assertThat(nodeInfo.locator("[data-field=tracker]")).hasText("connected");
    assertThat(nodeInfo.locator("[data-field=cluster]")).containsText("1 member: 127.0.0.1:" + a.actualPort(),
        new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
  }
}
