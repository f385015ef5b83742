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

/**
 * A peer is listed at the address its connection comes from, whatever host it gives, so nobody can point
 * downloaders at a third party's address; a tracker told to trust advertised hosts (NAT) lists what peers say.
 */
@ExtendWith(VertxExtension.class)
class AdvertisedHostTest {

  private static String listedHost(Vertx vertx, int port) {
    TrackerTestClient liar = TrackerTestClient.connect(vertx, port);
    assertEquals("joined", liar.call(TrackerTestClient.join("liar", 7001, file("movie", "movie.mkv", 10))
        .put("host", "203.0.113.9")).getString("type"));
    TrackerTestClient asker = TrackerTestClient.joined(vertx, port, "asker", 7002);
    JsonObject peer = asker.call(request("sources").put("fileId", fileId("movie"))).getJsonArray("peers")
        .getJsonObject(0);
    assertEquals(peer.getString("host"), asker.call(request("peers")).getJsonArray("peers").stream()
        .map(p -> (JsonObject) p).filter(p -> p.getString("name").equals("liar")).findFirst().orElseThrow()
        .getString("host"), "the peer list shows the same address");
    return peer.getString("host");
  }

  @Test
  void anAdvertisedHostIsReplacedByTheConnectionsAddress(Vertx vertx) {
    assertEquals("127.0.0.1", listedHost(vertx, TrackerFixture.start(vertx)));
  }

  @Test
  void aTrackerThatTrustsAdvertisedHostsListsThem(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("trustAdvertisedHosts", true));
    assertEquals("203.0.113.9", listedHost(vertx, port));
  }
}
