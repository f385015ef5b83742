package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SilentPeerExpiresTest {

  @Test
  void aSilentPeerIsDroppedAndDisconnectedWhileAHeartbeatingPeerStays(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("peerTimeoutSeconds", 1));
    TrackerTestClient alive = TrackerTestClient.joined(vertx, port, "alive", 7001);
    TrackerTestClient silent = TrackerTestClient.joined(vertx, port, "silent", 7002, file("s", "s.bin", 1));
    assertEquals(1, alive.call(request("sources").put("fileId", fileId("s"))).getJsonArray("peers").size());

    // Heartbeat a few times a second until the tracker gives up on the silent peer (about 1 s).
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!silent.awaitClosed(200) && System.nanoTime() < deadline) {
      assertEquals("ok", alive.call(request("heartbeat")).getString("type"));
    }
    silent.assertClosed();

    assertFalse(alive.isClosed());
    JsonObject peers = alive.call(request("peers"));
    assertEquals(1, peers.getInteger("total"));
    assertEquals("alive", peers.getJsonArray("peers").getJsonObject(0).getString("name"));
    alive.expectError(request("sources").put("fileId", fileId("s")), "unknown-file");
  }
}
