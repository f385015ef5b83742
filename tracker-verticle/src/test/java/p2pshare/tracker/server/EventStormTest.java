package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.tracker.TrackerVerticle;

/** Events cannot be used against watchers: no-op updates say nothing, bursts are coalesced, a slow watcher stays. */
@ExtendWith(VertxExtension.class)
class EventStormTest {

  @Test
  void anUpdateThatChangesNothingReachesNoWatcher(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient watcher = TrackerTestClient.joined(vertx, port, "watcher", 7001);
    watcher.call(request("watch"));
    JsonObject offered = file("b", "b.bin", 1);
    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 7002, offered);
    assertEquals("peer-joined", watcher.nextWithoutId().getString("type"));

    assertEquals("ok", bob.call(request("update")).getString("type"));
    assertEquals("ok", bob.call(request("update").put("add", new JsonArray().add(offered))).getString("type"));
    assertEquals("ok", bob.call(request("update").put("remove", new JsonArray().add(fileId("never"))))
        .getString("type"));
    assertEquals("ok", bob.call(request("have").put("file", offered)).getString("type"));
    bob.call(request("have").put("file", file("c", "c.bin", 2)));
    assertEquals(new JsonObject().put("type", "files-changed").put("peerId", bob.peerId), watcher.nextWithoutId(),
        "the first event after the join is that of the one real change");
    bob.call(request("leave"));
    assertEquals("peer-left", watcher.nextWithoutId().getString("type"));
  }

  @Test
  void aBurstOfChangesOfOnePeerIsCoalesced(Vertx vertx) throws Exception {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient watcher = TrackerTestClient.joined(vertx, port, "watcher", 7001);
    watcher.call(request("watch"));
    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 7002);
    assertEquals("peer-joined", watcher.nextWithoutId().getString("type"));

    List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
    for (int chunks = 1; chunks <= 100; chunks++) {
      replies.add(bob.send(request("have").put("file", file("p", "p.bin", 1 << 30).put("partial", true)
          .put("chunks", chunks))));
    }
    for (CompletableFuture<JsonObject> reply : replies) {
      assertEquals("ok", reply.get(TrackerTestClient.WAIT_SECONDS, TimeUnit.SECONDS).getString("type"));
    }
    JsonObject first = watcher.nextWithoutId();
    assertEquals("files-changed", first.getString("type"));
    bob.call(request("leave"));
    int changes = 1;
    for (JsonObject next = watcher.nextWithoutId(); !next.getString("type").equals("peer-left");
        next = watcher.nextWithoutId()) {
      changes++;
    }
    assertTrue(changes <= 10, "100 changes within a moment became " + changes + " events");
  }

  @Test
  void aWatcherThatDoesNotReadKeepsItsPlaceAndLearnsItMissedEvents(Vertx vertx) {
    TrackerVerticle tracker = new TrackerVerticle();
    vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("httpPort", -1).put("shards", 2).put("warmUp", false).put("probeReachability", false))).await();
    int port = tracker.actualPort();
    // A small receive buffer: the tracker's queue for it fills after a few hundred KB of events.
    TrackerTestClient slow = TrackerTestClient.connect(vertx, port, new NetClientOptions().setReceiveBufferSize(4096));
    slow.peerId = slow.call(TrackerTestClient.join("slow", 7001, file("s", "s.bin", 1))).getString("peerId");
    slow.call(request("watch"));
    slow.pauseReading();

    // Each joined peer is a peer-joined event of about 600 bytes; peers come from new addresses, 100 a round.
    String longName = "x".repeat(255); // sorts after "slow" in the peers listing
    List<TrackerTestClient> joined = new ArrayList<>();
    int round = 0;
    for (; round < 30 && !slow.isClosed() && tracker.eventsDropped() == 0; round++) {
      for (int i = 0; i < 100; i++) {
        TrackerTestClient peer = TrackerTestClient.connectFrom(vertx, port, "127.0.1." + (round + 1));
        peer.call(new JsonObject().put("type", "join").put("name", longName).put("host", longName)
            .put("port", 7000 + i).put("files", new JsonArray()));
        joined.add(peer);
      }
    }
    assertTrue(tracker.eventsDropped() > 0 || slow.isClosed(),
        "the watcher's queue never filled in " + round + " rounds");
    assertFalse(slow.isClosed(), "a watcher that falls behind keeps its connection");
    TrackerTestClient other = joined.get(0);
    assertTrue(other.call(request("peers")).getJsonArray("peers").stream()
        .anyMatch(p -> ((JsonObject) p).getString("id").equals(slow.peerId)), "and its membership");
    assertEquals(slow.peerId, other.call(request("sources").put("fileId", fileId("s"))).getJsonArray("peers")
        .getJsonObject(0).getString("peerId"), "and its files");

    slow.resumeReading();
    int events = 0;
    JsonObject next = slow.nextWithoutId();
    for (; !next.getString("type").equals("resync"); next = slow.nextWithoutId()) {
      events++;
    }
    assertTrue(events < round * 100, "some events were dropped, and it is told so");
  }
}
