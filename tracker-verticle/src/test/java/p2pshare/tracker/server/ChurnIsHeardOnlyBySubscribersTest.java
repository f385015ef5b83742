package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of peers join and leave. A peer that downloads nothing hears nothing of them; a peer that downloads one
 * of their files hears of exactly that file's sources, as they come and go.
 */
@ExtendWith(VertxExtension.class)
class ChurnIsHeardOnlyBySubscribersTest {
  private static final int ROUNDS = 10;
  private static final int PER_ROUND = 200;

  @Test
  void churnReachesOnlyTheSubscribersOfTheFilesItTouches(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxConnectionsPerIp", 1000)
        .put("maxFilesPerAddress", 100_000));
    TrackerTestClient idle = TrackerTestClient.joined(vertx, port, "idle", 7001, file("idle", "idle.bin", 1));
    TrackerTestClient downloader = TrackerTestClient.joined(vertx, port, "downloader", 7002);
    downloader.call(request("subscribe").put("fileIds", new JsonArray().add(fileId("hot"))));

    Set<String> hotSources = new HashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<TrackerTestClient> peers = new ArrayList<>();
      for (int i = 0; i < PER_ROUND; i++) {
        int n = round * PER_ROUND + i;
        JsonObject own = file("own-" + n, "own-" + n + ".bin", n + 1);
        TrackerTestClient peer = n % 10 == 0
            ? TrackerTestClient.joined(vertx, port, "p" + n, 8000 + i, own, file("hot", "hot.bin", 99))
            : TrackerTestClient.joined(vertx, port, "p" + n, 8000 + i, own);
        if (n % 10 == 0) {
          hotSources.add(peer.peerId);
        }
        peers.add(peer);
      }
      for (int i = 0; i < peers.size(); i++) {
        if (i % 2 == 0) {
          peers.get(i).call(request("leave"));
        }
        peers.get(i).close();
      }
    }

    // A last change of a file each subscribes to: whatever came before it on each connection came first.
    idle.call(request("subscribe").put("fileIds", new JsonArray().add(fileId("marker"))));
    downloader.call(request("subscribe").put("fileIds", new JsonArray().add(fileId("marker"))));
    TrackerTestClient stayer = TrackerTestClient.joined(vertx, port, "stayer", 7003, file("hot", "hot.bin", 99));
    TrackerTestClient.joined(vertx, port, "marker", 7004, file("marker", "marker.bin", 1));

    assertEquals(fileId("marker"), idle.nextWithoutId().getString("fileId"),
        "the idle peer heard nothing of " + ROUNDS * PER_ROUND + " peers joining and leaving");

    Set<String> heard = new HashSet<>();
    Set<String> gone = new HashSet<>();
    for (JsonObject event = downloader.nextWithoutId(); !fileId("marker").equals(event.getString("fileId"));
        event = downloader.nextWithoutId()) {
      assertEquals("sources-changed", event.getString("type"));
      assertEquals(fileId("hot"), event.getString("fileId"), "only the file it downloads: " + event.encode());
      event.getJsonArray("sources").forEach(s -> heard.add(((JsonObject) s).getString("peerId")));
      event.getJsonArray("gone").forEach(id -> gone.add((String) id));
    }
    assertEquals(hotSources, gone, "every source of the file that left was said to be gone");
    assertTrue(heard.contains(stayer.peerId), "the source that stayed was named");
    hotSources.add(stayer.peerId);
    assertTrue(hotSources.containsAll(heard), "no other peer was named: " + heard);
  }
}
