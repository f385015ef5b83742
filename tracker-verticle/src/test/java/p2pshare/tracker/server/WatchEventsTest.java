package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WatchEventsTest {

  @Test
  void watcherSeesJoinsFileChangesAndLeaves(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient watcher = TrackerTestClient.joined(vertx, port, "watcher", 7001);
    assertEquals("ok", watcher.call(request("watch")).getString("type"));

    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 7002, file("b", "b.bin", 1));
    JsonObject joined = watcher.nextWithoutId();
    assertEquals("peer-joined", joined.getString("type"));
    assertFalse(joined.containsKey("id"));
    JsonObject peer = joined.getJsonObject("peer");
    assertEquals(bob.peerId, peer.getString("id"));
    assertEquals("bob", peer.getString("name"));
    assertEquals(7002, peer.getInteger("port"));
    assertEquals(1, peer.getInteger("files"));

    bob.call(request("update").put("add", new JsonArray().add(file("c", "c.bin", 2))));
    assertEquals(new JsonObject().put("type", "files-changed").put("peerId", bob.peerId), watcher.nextWithoutId());

    bob.call(request("leave"));
    assertEquals(new JsonObject().put("type", "peer-left").put("peerId", bob.peerId).put("reason", "leave"),
        watcher.nextWithoutId());
  }
}
