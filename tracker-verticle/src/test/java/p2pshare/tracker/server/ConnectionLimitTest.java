package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConnectionLimitTest {

  @Test
  void connectionsBeyondTheLimitAreClosedAndAFreedSlotIsReused(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxConnections", 1));
    TrackerTestClient first = TrackerTestClient.joined(vertx, port, "first", 7001);
    TrackerTestClient second = TrackerTestClient.connect(vertx, port);
    second.assertClosed();
    assertEquals("ok", first.call(TrackerTestClient.request("heartbeat")).getString("type"));

    first.close();
    // The tracker sees the close asynchronously; a refused attempt just means "not yet".
    long deadline = System.nanoTime() + 3_000_000_000L;
    TrackerTestClient third = TrackerTestClient.connect(vertx, port);
    while (third.awaitClosed(100) && System.nanoTime() < deadline) {
      third = TrackerTestClient.connect(vertx, port);
    }
    assertEquals("joined", third.call(TrackerTestClient.join("third", 7003)).getString("type"));
  }

  @Test
  void oneAddressCannotTakeMoreThanItsShare(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxConnectionsPerIp", 2));
    TrackerTestClient first = TrackerTestClient.joined(vertx, port, "first", 7001);
    TrackerTestClient second = TrackerTestClient.joined(vertx, port, "second", 7002);
    TrackerTestClient third = TrackerTestClient.connect(vertx, port);
    third.assertClosed();
    assertEquals("ok", first.call(TrackerTestClient.request("heartbeat")).getString("type"));
    assertEquals("ok", second.call(TrackerTestClient.request("heartbeat")).getString("type"));
  }

  @Test
  void aConnectionThatNeverJoinsIsClosed(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("joinTimeoutSeconds", 1));
    TrackerTestClient silent = TrackerTestClient.connect(vertx, port);
    TrackerTestClient slowloris = TrackerTestClient.connect(vertx, port);
    slowloris.sendRaw(io.vertx.core.buffer.Buffer.buffer(new byte[] {0, 0})); // half a length prefix, then nothing
    TrackerTestClient joined = TrackerTestClient.joined(vertx, port, "joined", 7001);

    silent.assertClosed();
    slowloris.assertClosed();
    assertEquals("ok", joined.call(TrackerTestClient.request("heartbeat")).getString("type"),
        "a joined peer is not affected");
  }
}
