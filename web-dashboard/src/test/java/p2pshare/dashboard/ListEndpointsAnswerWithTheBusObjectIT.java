package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** List endpoints answer with the peer's object ({@code {"peers": [...]}} and so on), not a bare array. */
@ExtendWith(VertxExtension.class)
class ListEndpointsAnswerWithTheBusObjectIT {
  private static final JsonObject FILE = new JsonObject()
      .put("fileId", "9f2c".repeat(16)).put("name", "big.bin").put("size", 67_108_864L);
  private static final JsonObject DOWNLOAD = new JsonObject()
      .put("id", "d1").put("fileId", FILE.getString("fileId")).put("name", "big.bin").put("size", 67_108_864L)
      .put("state", "running").put("bytesDone", 1_048_576L).put("bytesPerSecond", 524_288L)
      .putNull("error").putNull("path").put("sources", new JsonArray());

  private DashboardFixture dashboard;

  @BeforeEach
  void start(Vertx vertx) {
    dashboard = DashboardFixture.start(vertx);
  }

  @Test
  void peers() {
    JsonObject reply = new JsonObject().put("peers", new JsonArray().add(new JsonObject()
        .put("id", "p1").put("name", "peer-2").put("host", "127.0.0.1").put("port", 7002)
        .put("files", 3).put("lastSeen", 1_700_000_000_000L)));
    assertAnswers("/api/peers", PeerBus.PEERS, reply);
  }

  @Test
  void files() {
    assertAnswers("/api/files?q=big", PeerBus.FILES,
        new JsonObject().put("files", new JsonArray().add(FILE.copy().put("sources", 3))));
  }

  @Test
  void shares() {
    assertAnswers("/api/shares", PeerBus.SHARES, new JsonObject().put("shares", new JsonArray().add(FILE)));
  }

  @Test
  void downloads() {
    assertAnswers("/api/downloads", PeerBus.DOWNLOAD_LIST,
        new JsonObject().put("downloads", new JsonArray().add(DOWNLOAD)));
  }

  @Test
  void emptyList() {
    assertAnswers("/api/downloads", PeerBus.DOWNLOAD_LIST, new JsonObject().put("downloads", new JsonArray()));
  }

  private void assertAnswers(String uri, String address, JsonObject reply) {
    dashboard.peerAnswers(address, msg -> msg.reply(reply));
    HttpResponse<Buffer> response = await(dashboard.client().get(uri).send());
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(reply, response.bodyAsJsonObject());
  }
}
