package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Hello;

/** The tracker answers a hello with the version both speak, serves the version before, and refuses older ones. */
@ExtendWith(VertxExtension.class)
class HelloVersionTest {

  @Test
  void aHelloIsAnsweredWithTheTrackersNameAndTheAgreedVersion(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient client = TrackerTestClient.connect(vertx, port);
    JsonObject hello = client.call(Hello.of("peer-1"));
    assertEquals("hello", hello.getString("type"));
    assertEquals(Hello.VERSION, hello.getInteger("version"));
    assertEquals("tracker", hello.getString("name"));
    assertEquals("joined", client.call(TrackerTestClient.join("peer-1", 7001)).getString("type"));
    client.expectError(Hello.of("again"), "bad-request");
  }

  @Test
  void aNewerPeerIsAnsweredWithTheTrackersVersion(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient client = TrackerTestClient.connect(vertx, port);
    assertEquals(Hello.VERSION, client.call(Hello.of("future").put("version", Hello.VERSION + 5))
        .getInteger("version"));
  }

  @Test
  void aPeerWithoutHelloIsServedAsTheVersionBefore(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient old = TrackerTestClient.joined(vertx, port, "old", 7001);
    assertEquals("ok", old.call(request("heartbeat")).getString("type"));
  }

  @Test
  void anOlderVersionGetsAnErrorNamingBothVersionsAndTheConnectionCloses(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient ancient = TrackerTestClient.connect(vertx, port);
    JsonObject reply = ancient.call(Hello.of("ancient").put("version", Hello.OLDEST - 1));
    assertEquals(ErrorCode.UNSUPPORTED_VERSION.wire(), reply.getString("code"), reply.encode());
    String message = reply.getString("message");
    assertTrue(message.contains("versions " + Hello.OLDEST + " to " + Hello.VERSION)
        && message.contains("version " + (Hello.OLDEST - 1)), message);
    ancient.assertClosed();
  }
}
