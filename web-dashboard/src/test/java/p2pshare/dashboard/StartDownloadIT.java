package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** {@code POST /api/downloads}: the body is checked before the peer is asked; a start answers 202 with a Location. */
@ExtendWith(VertxExtension.class)
class StartDownloadIT {
  private final List<JsonObject> startRequests = new CopyOnWriteArrayList<>();
  private DashboardFixture dashboard;

  @BeforeEach
  void start(Vertx vertx) {
    dashboard = DashboardFixture.start(vertx);
    dashboard.peerAnswers(PeerBus.DOWNLOAD_START, msg -> {
      startRequests.add(msg.body());
      msg.reply(new JsonObject().put("id", "d 7").put("name", "big.bin").put("state", "queued"));
    });
  }

  @Test
  void startByNameAnswers202WithLocation() {
    HttpResponse<Buffer> response = post(new JsonObject().put("name", "big.bin").encode());
    assertEquals(202, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals("/api/downloads/d%207", response.getHeader("Location"));
    assertEquals(new JsonObject().put("id", "d 7").put("name", "big.bin").put("state", "queued"),
        response.bodyAsJsonObject());
    assertEquals(List.of(new JsonObject().put("name", "big.bin")), startRequests);
  }

  @Test
  void startByFileIdForwardsOnlyTheFileId() {
    HttpResponse<Buffer> response = post(new JsonObject().put("fileId", "ab12").put("note", "ignored").encode());
    assertEquals(202, response.statusCode());
    assertEquals(List.of(new JsonObject().put("fileId", "ab12")), startRequests);
  }

  @Test
  void notJson() {
    assertBadRequest("big.bin");
  }

  @Test
  void emptyBody() {
    assertBadRequest("");
  }

  @Test
  void arrayBody() {
    assertBadRequest(new JsonArray().add(new JsonObject().put("name", "big.bin")).encode());
  }

  @Test
  void bothFields() {
    assertBadRequest(new JsonObject().put("fileId", "ab12").put("name", "big.bin").encode());
  }

  @Test
  void neitherField() {
    assertBadRequest(new JsonObject().put("file", "big.bin").encode());
  }

  @Test
  void emptyName() {
    assertBadRequest(new JsonObject().put("name", "").encode());
  }

  @Test
  void emptyFileId() {
    assertBadRequest(new JsonObject().put("fileId", "").encode());
  }

  @Test
  void nameNotAString() {
    assertBadRequest(new JsonObject().put("name", 7).encode());
  }

  @Test
  void oversizedBody() {
    assertBadRequest(new JsonObject().put("name", "x".repeat(100 * 1024)).encode());
  }

  private HttpResponse<Buffer> post(String body) {
    return await(dashboard.client().post("/api/downloads")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)));
  }

  private void assertBadRequest(String body) {
    HttpResponse<Buffer> response = post(body);
    assertEquals(400, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertTrue(response.bodyAsJsonObject().getString("error").length() > 0);
    assertEquals(List.of(), startRequests, "a bad request must not reach the peer");
  }
}
