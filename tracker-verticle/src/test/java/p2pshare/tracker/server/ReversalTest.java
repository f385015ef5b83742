package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerTestClient.join;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A downloader asks for a source it cannot dial; the tracker tells the source to dial the downloader instead. */
@ExtendWith(VertxExtension.class)
class ReversalTest {

  @Test
  void theSourceIsToldToConnectToTheAskerAndBothHaveTheToken(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient asker = TrackerTestClient.joined(vertx, port, "asker", 7001);
    TrackerTestClient source = TrackerTestClient.joined(vertx, port, "source", 7002);

    JsonObject reply = asker.call(request("reverse").put("peerId", source.peerId));

    assertEquals("reversing", reply.getString("type"), reply.encode());
    String token = reply.getString("token");
    assertTrue(token.matches("[0-9a-f]{32}"), token);
    assertEquals(10, reply.getInteger("seconds"));
    assertEquals(new JsonObject().put("type", "connect-to").put("token", token).put("peerId", asker.peerId)
        .put("name", "asker").put("host", "127.0.0.1").put("port", 7001), source.nextWithoutId());
    String second = asker.call(request("reverse").put("peerId", source.peerId)).getString("token");
    assertTrue(!second.equals(token), "each token is used once");
  }

  @Test
  void onlyAnotherLivePeerCanBeAskedAndNotWithoutEnd(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient asker = TrackerTestClient.joined(vertx, port, "asker", 7001);
    TrackerTestClient source = TrackerTestClient.joined(vertx, port, "source", 7002);
    asker.expectError(request("reverse").put("peerId", "no-such-peer"), "unavailable");
    asker.expectError(request("reverse").put("peerId", asker.peerId), "unavailable");
    asker.expectError(request("reverse"), "bad-request");

    for (int i = 0; i < Reversals.PER_ASKER_PER_MINUTE; i++) {
      assertEquals("reversing", asker.call(request("reverse").put("peerId", source.peerId)).getString("type"));
    }
    asker.expectError(request("reverse").put("peerId", source.peerId), "limit");
    for (int i = 0; i < Reversals.PER_ASKER_PER_MINUTE; i++) {
      assertEquals("connect-to", source.nextWithoutId().getString("type"));
    }
    assertEquals(0, source.waitingWithoutId(), "a refused request reaches nobody");
  }

  @Test
  void aPeerBehindNatCannotAskForAReversal(Vertx vertx) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    int port = TrackerFixture.start(vertx, new JsonObject().put("probeReachability", true));
    TrackerTestClient source = TrackerTestClient.connect(vertx, port);
    source.call(join("source", closedPort));
    TrackerTestClient asker = TrackerTestClient.connect(vertx, port);
    String askerId = asker.call(join("asker", closedPort)).getString("peerId");
    assertEquals("behind-nat", asker.nextWithoutId().getString("state"));
    assertEquals("behind-nat", source.nextWithoutId().getString("state"));

    String sourceId = asker.call(request("peers")).getJsonArray("peers").stream().map(JsonObject.class::cast)
        .filter(p -> !p.getString("id").equals(askerId)).findFirst().orElseThrow().getString("id");
    asker.expectError(request("reverse").put("peerId", sourceId), "unavailable");
    assertEquals(0, source.waitingWithoutId());
  }

  @Test
  void noSourceIsSentToAnAddressTheAskerMerelyAdvertises(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("trustAdvertisedHosts", true));
    TrackerTestClient source = TrackerTestClient.joined(vertx, port, "source", 7002);
    TrackerTestClient asker = TrackerTestClient.connect(vertx, port);
    // Listed at the host it gives: the address of somebody else.
    asker.call(join("asker", 80).put("host", "127.0.0.9"));
    asker.expectError(request("reverse").put("peerId", source.peerId), "unavailable");
    assertEquals(0, source.waitingWithoutId(), "the source was told nothing");
  }
}
