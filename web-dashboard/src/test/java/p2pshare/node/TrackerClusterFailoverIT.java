package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.node.ProcessSwarm.freePort;
import static p2pshare.testkit.Await.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tracker processes in one cluster (scripts/tracker.sh -cluster), and peers that know both. The node the peers
 * use is killed with SIGKILL in the middle of a download: the peers move to the other node under their own ids, the
 * file is still found there, and the download completes.
 */
class TrackerClusterFailoverIT {
  private static final int SIZE = 24 * 1024 * 1024;
  private static final JsonObject PEER = new JsonObject().put("chunkSize", 256 * 1024);

  @TempDir
  Path work;

  private ProcessSwarm swarm;

  @AfterEach
  void stop() throws Exception {
    if (swarm != null) {
      swarm.close();
    }
  }

  /** conf/cluster.xml with a cluster name of its own and two free Hazelcast ports from {@code base}. */
  private Path clusterXml(int base) throws IOException {
    String xml = Files.readString(ProcessSwarm.PROJECT.resolve("conf/cluster.xml"))
        .replace("<cluster-name>p2pshare-trackers</cluster-name>",
            "<cluster-name>p2pshare-it-" + UUID.randomUUID() + "</cluster-name>")
        .replace("port-count=\"10\">5701</port>", "port-count=\"2\">" + base + "</port>");
    assertTrue(xml.contains(base + "</port>"), "conf/cluster.xml changed: update this test");
    return Files.writeString(work.resolve("cluster.xml"), xml);
  }

  private static int twoFreePorts() throws IOException {
    Random random = new Random();
    while (true) {
      int base = 20_000 + random.nextInt(30_000);
      try (ServerSocket one = new ServerSocket(base); ServerSocket two = new ServerSocket(base + 1)) {
        return base;
      } catch (IOException taken) {
        // try another pair
      }
    }
  }

  private static JsonArray trackers(int... ports) {
    JsonArray list = new JsonArray();
    for (int port : ports) {
      list.add(new JsonObject().put("host", "127.0.0.1").put("port", port));
    }
    return list;
  }

  private List<String> peerNames(int api) throws Exception {
    JsonObject reply = await(swarm.get(api, "/api/peers")).bodyAsJsonObject();
    List<String> names = new ArrayList<>();
    reply.getJsonArray("peers").forEach(p -> names.add(((JsonObject) p).getString("name")));
    names.sort(null);
    return names;
  }

  @Test
  void aDownloadSurvivesTheLossOfTheTrackerNodeItsPeersUse() throws Exception {
    swarm = new ProcessSwarm(work);
    Path xml = clusterXml(twoFreePorts());
    int portA = freePort();
    int portB = freePort();
    int healthA = freePort();
    Process nodeA = swarm.clusteredTracker("tracker-a", portA, healthA, xml);
    swarm.clusteredTracker("tracker-b", portB, freePort(), xml);
    swarm.poll(() -> swarm.http.get(healthA, "127.0.0.1", "/health").send(), r -> r.statusCode() == 200
        && r.bodyAsString().contains("\"members\":2"));

    byte[] data = new byte[SIZE];
    new Random(12).nextBytes(data);
    for (String seeder : List.of("seeder-1", "seeder-2", "seeder-3")) {
      Files.write(swarm.share(seeder).resolve("movie.bin"), data);
      swarm.peer(seeder, trackers(portA, portB), freePort(), PEER);
    }
    // A peer that knows only node A: once A is gone, nobody hears from it, and it expires everywhere.
    swarm.peer("ghost", trackers(portA), freePort(), PEER);
    int leecher = freePort();
    swarm.peer("leecher", trackers(portA, portB), leecher, PEER.copy().put("download", new JsonObject()
        .put("maxBytesPerSecond", 6_000_000).put("stallMillis", 2_000)
        .put("retryMinMillis", 200).put("retryMaxMillis", 1_000)));
    swarm.pollJson(leecher, "/api/files?q=movie.bin", r -> r.getJsonArray("files").size() == 1
        && r.getJsonArray("files").getJsonObject(0).getInteger("sources") == 3);
    JsonObject node = swarm.pollJson(leecher, "/api/node", n -> n.getBoolean("trackerConnected"));
    assertEquals("127.0.0.1:" + portA, node.getString("tracker"));
    assertEquals(2, node.getJsonObject("trackerNode").getJsonArray("members").size(), node.encode());

    String id = await(swarm.post(leecher, "/api/downloads", new JsonObject().put("name", "movie.bin")))
        .bodyAsJsonObject().getString("id");
    swarm.pollJson(leecher, "/api/downloads/" + id, d -> d.getLong("bytesDone") >= SIZE / 5);
    nodeA.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    long killed = System.nanoTime();

    // Within 15 s the leecher is on node B, and B finds the three seeders, each once.
    swarm.pollJson(leecher, "/api/node", n -> n.getBoolean("trackerConnected")
        && n.getString("tracker").equals("127.0.0.1:" + portB));
    swarm.pollJson(leecher, "/api/files?q=movie.bin", r -> r.getJsonArray("files").size() == 1
        && r.getJsonArray("files").getJsonObject(0).getInteger("sources") >= 3);
    swarm.poll(() -> swarm.get(leecher, "/api/peers").map(r -> r.bodyAsJsonObject()), r -> {
      List<String> names = new ArrayList<>();
      r.getJsonArray("peers").forEach(p -> names.add(((JsonObject) p).getString("name")));
      return names.stream().filter(n -> n.startsWith("seeder-")).count() == 3 && names.contains("leecher");
    });
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
    assertTrue(seconds <= 15, "node B answered for A's peers " + seconds + " s after the kill");

    JsonObject done = swarm.pollJson(leecher, "/api/downloads/" + id,
        d -> d.getString("state").matches("completed|failed|cancelled"));
    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(swarm.downloads("leecher").resolve("movie.bin")));

    // The ghost expires one peer timeout after B saw A go; the others are listed once each.
    swarm.poll(() -> swarm.get(leecher, "/api/peers").map(r -> r.bodyAsJsonObject()),
        r -> !r.encode().contains("\"ghost\""));
    assertEquals(List.of("leecher", "seeder-1", "seeder-2", "seeder-3"), peerNames(leecher));
  }
}
