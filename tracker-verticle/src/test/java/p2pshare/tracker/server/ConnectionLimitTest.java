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
}
