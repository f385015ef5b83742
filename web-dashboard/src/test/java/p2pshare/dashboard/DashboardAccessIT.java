package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.dashboard.DashboardFixture.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.peer.PeerBus;

/** Who may use the dashboard: token, Host (DNS rebinding), Origin (WebSocket), and the headers on every answer. */
@ExtendWith(VertxExtension.class)
class DashboardAccessIT {

  @Test
  void aForeignHostIsRefusedEverywhere(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    for (String uri : List.of("/", "/api/node", "/ws?token=" + dashboard.token())) {
      HttpResponse<Buffer> response = await(dashboard.client().get(uri).putHeader("Host", "evil.example:" + dashboard.port())
          .send());
      assertEquals(421, response.statusCode(), uri);
    }
    HttpResponse<Buffer> wrongPort = await(dashboard.client().get("/api/node").putHeader("Host", "127.0.0.1:1").send());
    assertEquals(421, wrongPort.statusCode());
  }

  @Test
  void theNodesOwnNamesAreAccepted(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx,
        new JsonObject().put("allowedHosts", new JsonArray().add("my-box.lan")));
    dashboard.peerAnswers(PeerBus.NODE, m -> m.reply(new JsonObject()));
    for (String host : List.of("127.0.0.1", "localhost", "LOCALHOST", "[::1]", "my-box.lan")) {
      HttpResponse<Buffer> response = await(dashboard.client().get("/api/node")
          .putHeader("Host", host + ":" + dashboard.port()).send());
      assertEquals(200, response.statusCode(), host);
    }
  }

  @Test
  void everyAnswerCarriesTheProtectiveHeaders(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    for (String uri : List.of("/", "/api/node", "/api/nothing")) {
      HttpResponse<Buffer> response = await(dashboard.rawClient().get(uri).send());
      assertEquals("DENY", response.getHeader("X-Frame-Options"), uri);
      assertEquals("nosniff", response.getHeader("X-Content-Type-Options"), uri);
      assertTrue(response.getHeader("Content-Security-Policy").contains("default-src 'self'"), uri);
      assertTrue(response.getHeader("Content-Security-Policy").contains("frame-ancestors 'none'"), uri);
      assertTrue(response.getHeader("Content-Security-Policy").contains("base-uri 'none'"), uri);
      assertTrue(response.getHeader("Content-Security-Policy").contains("form-action 'self'"), uri);
    }
  }

  @Test
  void theWebSocketNeedsTheToken(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    assertEquals(401, handshakeStatus(dashboard, "/ws", null));
    assertEquals(401, handshakeStatus(dashboard, "/ws?token=wrong", null));
  }

  @Test
  void aWebSocketFromAForeignOriginIsRefused(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    String uri = "/ws?token=" + dashboard.token();
    assertEquals(403, handshakeStatus(dashboard, uri, "http://evil.example"));
    assertEquals(403, handshakeStatus(dashboard, uri, "http://127.0.0.1:" + (dashboard.port() + 1)));
  }

  @Test
  void theSocketSendsASnapshotThenTheEventsThatHappenedMeanwhile(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx);
    Promise<Void> nodeAsked = Promise.promise();
    Promise<Void> answerNode = Promise.promise();
    dashboard.peerAnswers(PeerBus.NODE, m -> {
      nodeAsked.tryComplete();
      answerNode.future().onSuccess(v -> m.reply(new JsonObject().put("name", "me")));
    });
    dashboard.peerAnswers(PeerBus.PEERS, m -> m.fail(503, "{\"error\":\"tracker down\"}"));
    dashboard.peerAnswers(PeerBus.DOWNLOAD_LIST, m -> m.reply(new JsonObject().put("downloads", new JsonArray())));
    dashboard.peerAnswers(PeerBus.SHARES, m -> m.reply(new JsonObject().put("shares", new JsonArray())));

    List<JsonObject> received = new ArrayList<>();
    Promise<Void> two = Promise.promise();
    WebSocket socket = await(connect(vertx, dashboard, "/ws?token=" + dashboard.token(),
        "http://127.0.0.1:" + dashboard.port()));
    socket.textMessageHandler(text -> {
      received.add(new JsonObject(text));
      if (received.size() == 2) {
        two.complete();
      }
    });
    await(nodeAsked.future());
    // An event while the snapshot is being built must come after it, not be lost.
    vertx.eventBus().publish(PeerBus.EVENTS, new JsonObject().put("type", "shares").put("shares", new JsonArray()));
    answerNode.complete();
    await(two.future());

    assertEquals("snapshot", received.get(0).getString("type"));
    assertEquals("me", received.get(0).getJsonObject("node").getString("name"));
    assertEquals(new JsonArray(), received.get(0).getJsonArray("peers"), "tracker down: no peers, still a snapshot");
    assertEquals("shares", received.get(1).getString("type"));
  }

  @Test
  void openPagesGetThePeerListAgainSoLastSeenStaysFresh(Vertx vertx) {
    DashboardFixture dashboard = DashboardFixture.start(vertx, new JsonObject().put("peersRefreshMillis", 100));
    int[] asked = {0};
    dashboard.peerAnswers(PeerBus.NODE, m -> m.reply(new JsonObject().put("name", "me")));
    dashboard.peerAnswers(PeerBus.PEERS, m -> m.reply(new JsonObject().put("peers", new JsonArray()
        .add(new JsonObject().put("id", "p1").put("lastSeen", ++asked[0])))));
    dashboard.peerAnswers(PeerBus.DOWNLOAD_LIST, m -> m.reply(new JsonObject().put("downloads", new JsonArray())));
    dashboard.peerAnswers(PeerBus.SHARES, m -> m.reply(new JsonObject().put("shares", new JsonArray())));
    Promise<JsonObject> refreshed = Promise.promise();
    WebSocket socket = await(connect(vertx, dashboard, "/ws?token=" + dashboard.token(), null));
    socket.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      if ("peers".equals(message.getString("type"))) {
        refreshed.tryComplete(message);
      }
    });
    JsonObject peers = await(refreshed.future());
    assertTrue(peers.getJsonArray("peers").getJsonObject(0).getInteger("lastSeen") > 1, "a later answer, not the "
        + "snapshot's");
  }

  private static WebSocketClient client;

  private static Future<WebSocket> connect(Vertx vertx, DashboardFixture dashboard, String uri, String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(dashboard.port())
        .setURI(uri);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    // Kept in a field: a client nobody references may be closed by the garbage collector, handshake and all.
    client = vertx.createWebSocketClient();
    return client.connect(options);
  }

  /**
   * The status of a WebSocket handshake the server refuses, read as a plain HTTP answer: a WebSocket client may see
   * the connection close before it has parsed the refusal.
   */
  private static int handshakeStatus(DashboardFixture dashboard, String uri, String origin) {
    HttpRequest<Buffer> handshake = dashboard.rawClient().get(uri)
        .putHeader("Connection", "Upgrade").putHeader("Upgrade", "websocket")
        .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    if (origin != null) {
      handshake.putHeader("Origin", origin);
    }
    return await(handshake.send()).statusCode();
  }
}
