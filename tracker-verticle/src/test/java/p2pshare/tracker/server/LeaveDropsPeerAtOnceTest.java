package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LeaveDropsPeerAtOnceTest {

  @Test
  void leaveIsAnsweredThenThePeerAndItsFilesAreGoneAndTheConnectionCloses(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient alice = TrackerTestClient.joined(vertx, port, "alice", 7001);
    TrackerTestClient bob = TrackerTestClient.joined(vertx, port, "bob", 7002, file("b", "b.bin", 3));

    assertEquals("ok", bob.call(request("leave")).getString("type"));
    bob.assertClosed();

    alice.expectError(request("sources").put("fileId", fileId("b")), "unknown-file");
    assertEquals(0, alice.call(request("search")).getJsonArray("files").size());
    assertEquals(1, alice.call(request("peers")).getInteger("total"));
  }
}
