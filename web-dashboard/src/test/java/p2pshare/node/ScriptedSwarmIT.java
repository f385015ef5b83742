package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.node.ProcessSwarm.freePort;
import static p2pshare.testkit.Await.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way a user runs it: the fat jars started through scripts/tracker.sh and scripts/peer.sh as separate
 * processes, a download asked for over the HTTP API, and SIGTERM to stop.
 */
class ScriptedSwarmIT {
  @TempDir
  Path work;

  private ProcessSwarm swarm;

  @BeforeEach
  void setUp() {
    swarm = new ProcessSwarm(work);
  }

  @AfterEach
  void stop() throws Exception {
    swarm.close();
  }

  @Test
  void downloadThroughTheHttpApiBetweenSeparateProcesses() throws Exception {
    byte[] data = new byte[12 * 1024 * 1024 + 7];
    new Random(5).nextBytes(data);
    int trackerPort = freePort();
    int trackerHttp = freePort();
    swarm.tracker(trackerPort, trackerHttp);
    int[] api = new int[3];
    Process[] peers = new Process[3];
    for (int i = 0; i < 3; i++) {
      String name = i < 2 ? "seeder-" + (i + 1) : "leecher";
      if (i < 2) {
        Files.write(swarm.share(name).resolve("data.bin"), data);
      }
      api[i] = freePort();
      peers[i] = swarm.peer(name, trackerPort, api[i], new JsonObject());
    }
    int leecher = api[2];
    swarm.pollJson(leecher, "/api/files?q=data.bin", r -> r.getJsonArray("files").size() == 1
        && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == 2);

    HttpResponse<Buffer> unauthorized = await(swarm.http.get(leecher, "127.0.0.1", "/api/node").send());
    assertEquals(401, unauthorized.statusCode());

    HttpResponse<Buffer> started = await(swarm.post(leecher, "/api/downloads", new JsonObject().put("name", "data.bin")));
    assertEquals(202, started.statusCode(), started.bodyAsString());
    String id = started.bodyAsJsonObject().getString("id");

    JsonObject done = swarm.pollJson(leecher, "/api/downloads/" + id,
        d -> d.getString("state").matches("completed|failed"));
    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(swarm.downloads("leecher").resolve("data.bin")));
    assertEquals(2, done.getJsonArray("sources").size());

    // The tracker's own HTTP port: it counted the three peers and the lookups, and says it is up.
    String metrics = await(swarm.http.get(trackerHttp, "127.0.0.1", "/metrics").send()).bodyAsString();
    assertTrue(metrics.contains("p2p_tracker_live_peers 3.0"), metrics);
    assertTrue(metrics.contains("p2p_tracker_requests_total{type=\"sources\"}"), metrics);
    assertEquals(200, await(swarm.http.get(trackerHttp, "127.0.0.1", "/health").send()).statusCode());

    // SIGTERM: the seeder leaves the tracker on its way out, so it is gone at once.
    peers[0].destroy();
    assertTrue(peers[0].waitFor(20, TimeUnit.SECONDS), "seeder stops on SIGTERM");
    JsonObject list = await(swarm.get(leecher, "/api/peers")).bodyAsJsonObject();
    assertEquals(2, list.getJsonArray("peers").size(), list.encodePrettily());
  }

  @Test
  void badConfigurationStopsTheStartWithOneClearLine() throws Exception {
    Path conf = Files.writeString(work.resolve("bad.json"), new JsonObject()
        .put("shareDir", work.resolve("no-such-folder").toString())
        .put("downloadDir", work.resolve("downloads").toString())
        .put("http", new JsonObject().put("port", 0)).encode());
    Process peer = swarm.start("bad", "scripts/peer.sh", conf);
    assertTrue(peer.waitFor(60, TimeUnit.SECONDS));
    assertTrue(peer.exitValue() != 0);
    List<String> output = Files.readAllLines(work.resolve("bad.log"));
    assertEquals(List.of("peer failed to start: shareDir " + work.resolve("no-such-folder") + " is not a folder"),
        output);
  }
}
