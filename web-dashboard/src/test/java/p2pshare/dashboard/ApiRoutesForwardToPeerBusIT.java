package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/**
 * Every route sends one request to its PeerBus address and answers with the peer's reply, unchanged; a failure
 * keeps the peer's status and body.
 */
@ExtendWith(VertxExtension.class)
class ApiRoutesForwardToPeerBusIT {
  private DashboardFixture dashboard;

  @BeforeEach
  void start(Vertx vertx) {
    dashboard = DashboardFixture.start(vertx);
    for (String address : new String[] {PeerBus.NODE, PeerBus.PEERS, PeerBus.FILES, PeerBus.SHARES,
        PeerBus.DOWNLOAD_LIST, PeerBus.DOWNLOAD_GET, PeerBus.DOWNLOAD_CANCEL}) {
      // The fake peer echoes what it was asked, so each test sees both the address and the request body.
      dashboard.peerAnswers(address, msg -> msg.reply(new JsonObject().put("at", address).put("got", msg.body())));
    }
    for (String address : new String[] {PeerBus.DOWNLOAD_PAUSE, PeerBus.DOWNLOAD_RESUME}) {
      dashboard.peerAnswers(address, msg -> {
        switch (msg.body().getString("id")) {
          case "gone" -> msg.reply(PeerBus.failure(404, "no download gone"));
          case "done" -> msg.reply(PeerBus.failure(409, "download is already completed"));
          default -> msg.reply(new JsonObject().put("at", address).put("got", msg.body()));
        }
      });
    }
  }

  @Test
  void nodeForwardsAnEmptyRequest() {
    assertForwards(dashboard.client().get("/api/node"), PeerBus.NODE, new JsonObject());
  }

  @Test
  void peersForwardsAnEmptyRequest() {
    assertForwards(dashboard.client().get("/api/peers"), PeerBus.PEERS, new JsonObject());
  }

  @Test
  void filesForwardsTheQuery() {
    assertForwards(dashboard.client().get("/api/files").addQueryParam("q", "big bin"), PeerBus.FILES,
        new JsonObject().put("q", "big bin").put("sort", "name"));
  }

  @Test
  void filesQueryDefaultsToEmptyInNameOrder() {
    assertForwards(dashboard.client().get("/api/files"), PeerBus.FILES, new JsonObject().put("q", "")
        .put("sort", "name"));
  }

  @Test
  void filesForwardsTheSortAndRefusesAnUnknownOne() {
    assertForwards(dashboard.client().get("/api/files").addQueryParam("sort", "-size"), PeerBus.FILES,
        new JsonObject().put("q", "").put("sort", "-size"));
    assertFails(dashboard.client().get("/api/files").addQueryParam("sort", "sources"), 400,
        "sort must be one of name, -name, size, -size");
  }

  @Test
  void sharesForwardsAnEmptyRequest() {
    assertForwards(dashboard.client().get("/api/shares"), PeerBus.SHARES, new JsonObject());
  }

  @Test
  void downloadListForwardsAnEmptyRequest() {
    assertForwards(dashboard.client().get("/api/downloads"), PeerBus.DOWNLOAD_LIST, new JsonObject());
  }

  @Test
  void downloadGetForwardsTheId() {
    assertForwards(dashboard.client().get("/api/downloads/d-42"), PeerBus.DOWNLOAD_GET,
        new JsonObject().put("id", "d-42"));
  }

  @Test
  void downloadCancelForwardsTheId() {
    assertForwards(dashboard.client().delete("/api/downloads/d-42"), PeerBus.DOWNLOAD_CANCEL,
        new JsonObject().put("id", "d-42"));
  }

  @Test
  void downloadPauseForwardsTheId() {
    assertForwards(dashboard.client().post("/api/downloads/d-42/pause"), PeerBus.DOWNLOAD_PAUSE,
        new JsonObject().put("id", "d-42"));
  }

  @Test
  void downloadResumeForwardsTheId() {
    assertForwards(dashboard.client().post("/api/downloads/d-42/resume"), PeerBus.DOWNLOAD_RESUME,
        new JsonObject().put("id", "d-42"));
  }

  @Test
  void pausingOrResumingAnUnknownDownloadIs404() {
    for (String action : new String[] {"pause", "resume"}) {
      assertFails(dashboard.client().post("/api/downloads/gone/" + action), 404, "no download gone");
    }
  }

  @Test
  void pausingOrResumingAFinishedDownloadIs409() {
    for (String action : new String[] {"pause", "resume"}) {
      assertFails(dashboard.client().post("/api/downloads/done/" + action), 409, "download is already completed");
    }
  }

  @Test
  void pauseAndResumeAreOnlyPosts() {
    for (String action : new String[] {"pause", "resume"}) {
      assertFails(dashboard.client().put("/api/downloads/d-42/" + action), 405, "method not allowed");
    }
  }

  private static void assertFails(HttpRequest<Buffer> request, int status, String error) {
    HttpResponse<Buffer> response = await(request.send());
    assertEquals(status, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(new JsonObject().put("error", error), response.bodyAsJsonObject());
  }

  private static void assertForwards(HttpRequest<Buffer> request, String address, JsonObject expectedRequest) {
    HttpResponse<Buffer> response = await(request.send());
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(new JsonObject().put("at", address).put("got", expectedRequest), response.bodyAsJsonObject());
  }
}
