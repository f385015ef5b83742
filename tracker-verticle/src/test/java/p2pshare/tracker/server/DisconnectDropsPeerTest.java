package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DisconnectDropsPeerTest {

  @Test
  void aClosedConnectionDropsItsPeerAndFilesAtOnce(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient alice = TrackerTestClient.joined(vertx, port, "alice", 7001);
    alice.call(request("watch"));
    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 7002, file("b", "b.bin", 3));
    assertEquals("peer-joined", alice.nextWithoutId().getString("type"));

    bob.close();

    JsonObject left = alice.nextWithoutId();
    assertEquals(new JsonObject().put("type", "peer-left").put("peerId", bob.peerId).put("reason", "disconnected"),
        left);
    alice.expectError(request("sources").put("fileId", fileId("b")), "unknown-file");
    assertEquals(1, alice.call(request("peers")).getInteger("total"));
  }
}
