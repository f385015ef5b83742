package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** Every /api request needs {@code Authorization: Bearer <token>}, configured or generated. */
@ExtendWith(VertxExtension.class)
class BearerTokenIT {
  private static final JsonObject NODE = new JsonObject().put("name", "test-peer");
  private static final JsonObject REFUSED = new JsonObject().put("error", "missing or wrong token");

  @Test
  void missingTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.rawClient().get("/api/node").send()));
  }

  @Test
  void wrongTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.rawClient().get("/api/node").bearerTokenAuthentication("s3cre").send()));
    assertRefused(await(dashboard.rawClient().get("/api/node").putHeader("Authorization", "s3cret").send()));
  }

  @Test
  void unknownRouteWithoutTokenIs401(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    assertRefused(await(dashboard.rawClient().get("/api/nothing-here").send()));
  }

  @Test
  void rightTokenPasses(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "s3cret");
    HttpResponse<Buffer> response =
        await(dashboard.rawClient().get("/api/node").bearerTokenAuthentication("s3cret").send());
    assertEquals(200, response.statusCode());
    assertEquals(NODE, response.bodyAsJsonObject());
  }

  @Test
  void anEmptyTokenIsReplacedByAGeneratedOne(Vertx vertx) {
    DashboardFixture dashboard = withToken(vertx, "");
    assertRefused(await(dashboard.rawClient().get("/api/node").send()));
    assertTrue(dashboard.token().length() >= 32);
    assertEquals(200, await(dashboard.rawClient().get("/api/node").bearerTokenAuthentication(dashboard.token())
        .send()).statusCode());
  }

  @Test
  void withoutAConfiguredTokenEachStartGeneratesAnother(Vertx vertx) {
    DashboardFixture first = DashboardFixture.start(vertx);
    DashboardFixture second = DashboardFixture.start(vertx);
    first.peerAnswers(PeerBus.NODE, msg -> msg.reply(NODE));
    assertRefused(await(first.rawClient().get("/api/node").send()));
    assertNotEquals(first.token(), second.token());
    assertRefused(await(first.rawClient().get("/api/node").bearerTokenAuthentication(second.token()).send()));
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
