package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** With {@code http.token} set, every /api request needs {@code Authorization: Bearer <token>}. */
@ExtendWith(VertxExtension.class)
class BearerTokenIT {
  private static final JsonObject NODE = new JsonObject().put("name", "test-peer");
  private static final JsonObject REFUSED = new JsonObject().put("error", "missing or wrong token");

  @Test
  void missingTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.client().get("/api/node").send()));
  }

  @Test
  void wrongTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.client().get("/api/node").bearerTokenAuthentication("s3cre").send()));
    assertRefused(await(dashboard.client().get("/api/node").putHeader("Authorization", "s3cret").send()));
  }

  @Test
  void unknownRouteWithoutTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.client().get("/api/nothing-here").send()));
  }

  @Test
  void rightTokenPasses(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    HttpResponse<Buffer> response =
        await(dashboard.client().get("/api/node").bearerTokenAuthentication("s3cret").send());
    assertEquals(200, response.statusCode());
    assertEquals(NODE, response.bodyAsJsonObject());
  }

  @Test
  void emptyTokenMeansOpen(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "");
    assertEquals(200, await(dashboard.client().get("/api/node").send()).statusCode());
  }

  @Test
  void noTokenConfiguredMeansOpen(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    dashboard.peerAnswers(PeerBus.NODE, msg -> msg.reply(NODE));
    assertEquals(200, await(dashboard.client().get("/api/node").send()).statusCode());
  }

  private static DashboardFixture withToken(Vertx vertx, String token) {
    DashboardFixture dashboard = DashboardFixture.start(vertx, new JsonObject().put("token", token));
    dashboard.peerAnswers(PeerBus.NODE, msg -> msg.reply(NODE));
    return dashboard;
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertEquals(401, response.statusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    assertEquals(REFUSED, response.bodyAsJsonObject());
  }
}
