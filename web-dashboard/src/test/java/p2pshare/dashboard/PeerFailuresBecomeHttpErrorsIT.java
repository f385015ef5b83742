package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** Failures from the peer (or its absence) become HTTP statuses with JSON bodies; unknown routes are JSON too. */
@ExtendWith(VertxExtension.class)
class PeerFailuresBecomeHttpErrorsIT {

  @Test
  void unknownDownloadIs404WithThePeersBody(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    JsonObject body = new JsonObject().put("error", "unknown download");
    dashboard.peerAnswers(PeerBus.DOWNLOAD_GET, msg -> msg.reply(PeerBus.failure(404, body)));
    assertAnswer(404, body, await(dashboard.client().get("/api/downloads/nope").send()));
  }

  @Test
  void ambiguousNameIs409WithCandidates(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    JsonObject body = new JsonObject().put("error", "several files are named a.bin").put("candidates", new JsonArray()
        .add(new JsonObject().put("fileId", "aa").put("name", "a.bin").put("size", 1))
        .add(new JsonObject().put("fileId", "bb").put("name", "a.bin").put("size", 2)));
    dashboard.peerAnswers(PeerBus.DOWNLOAD_START, msg -> msg.fail(409, body.encode()));
    HttpResponse<Buffer> response = await(dashboard.client().post("/api/downloads")
        .sendJsonObject(new JsonObject().put("name", "a.bin")));
    assertAnswer(409, body, response);
  }

  @Test
  void plainTextFailureMessageIsWrapped(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    dashboard.peerAnswers(PeerBus.PEERS, msg -> msg.fail(503, "tracker unreachable"));
    assertAnswer(503, new JsonObject().put("error", "tracker unreachable"),
        await(dashboard.client().get("/api/peers").send()));
  }

  @Test
  void failureCodeOutsideHttpRangeIs500(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    dashboard.peerAnswers(PeerBus.NODE, msg -> msg.fail(-1, "boom"));
    assertAnswer(500, new JsonObject().put("error", "boom"), await(dashboard.client().get("/api/node").send()));
  }

  @Test
  void noPeerConsumerIs503(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    assertAnswer(503, new JsonObject().put("error", "peer not available"),
        await(dashboard.client().get("/api/node").send()));
  }

  @Test
  void peerThatDoesNotAnswerInTimeIs503(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx, new JsonObject().put("busTimeoutMillis", 200));
    dashboard.peerAnswers(PeerBus.SHARES, msg -> {
      // never replies
    });
    assertAnswer(503, new JsonObject().put("error", "peer not available"),
        await(dashboard.client().get("/api/shares").send()));
  }

  @Test
  void unknownApiRouteIs404(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    HttpResponse<Buffer> response = await(dashboard.client().get("/api/nothing-here").send());
    assertEquals(404, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
  }

  @Test
  void wrongMethodIs405(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    HttpResponse<Buffer> response = await(dashboard.client().put("/api/node").send());
    assertEquals(405, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
  }

  private static void assertAnswer(int status, JsonObject body, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(body, response.bodyAsJsonObject());
  }
}
