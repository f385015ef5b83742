package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.join;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.protocol.Frames;

@ExtendWith(VertxExtension.class)
class MalformedInputTest {
  private static final int MAX_FRAME = 4096;
  private Vertx vertx;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    this.port = TrackerFixture.start(vertx, new JsonObject().put("maxFrameBytes", MAX_FRAME));
  }

  @Test
  void oversizedLengthClosesThatConnectionOnly() {
    TrackerTestClient other = TrackerTestClient.joined(vertx, port, "other", 7001);
    TrackerTestClient rogue = TrackerTestClient.connect(vertx, port);
    rogue.sendRaw(Buffer.buffer().appendInt(MAX_FRAME + 1).appendString("{}"));
    rogue.assertClosed();
    assertEquals("ok", other.call(request("heartbeat")).getString("type"));
    TrackerTestClient.joined(vertx, port, "newcomer", 7002);
  }

  @Test
  void zeroLengthClosesTheConnection() {
    TrackerTestClient rogue = TrackerTestClient.connect(vertx, port);
    rogue.sendRaw(Buffer.buffer().appendInt(0));
    rogue.assertClosed();
  }

  @Test
  void bodyThatIsNotJsonGetsAnErrorThenTheConnectionCloses() {
    TrackerTestClient rogue = TrackerTestClient.connect(vertx, port);
    Buffer body = Buffer.buffer().appendByte(Frames.JSON).appendString("not json at all");
    rogue.sendRaw(Buffer.buffer().appendInt(body.length()).appendBuffer(body));
    JsonObject error = rogue.nextWithoutId();
    assertEquals("error", error.getString("type"));
    assertEquals("bad-request", error.getString("code"));
    rogue.assertClosed();
  }

  @Test
  void dataFrameClosesTheConnection() {
    TrackerTestClient rogue = TrackerTestClient.connect(vertx, port);
    rogue.sendRaw(Frames.dataHeader(1, 3).appendString("abc"));
    rogue.assertClosed();
  }

  @Test
  void unknownTypeIsAnsweredAndTheConnectionStaysOpen() {
    TrackerTestClient client = TrackerTestClient.joined(vertx, port, "peer", 7001);
    client.expectError(request("teleport"), "unknown-type");
    assertEquals("ok", client.call(request("heartbeat")).getString("type"));
  }

  @Test
  void requestsBeforeJoinAreRefused() {
    TrackerTestClient client = TrackerTestClient.connect(vertx, port);
    for (String type : new String[] {"heartbeat", "search", "peers", "watch", "leave"}) {
      client.expectError(request(type), "not-joined");
    }
    client.expectError(request("sources").put("fileId", "0".repeat(64)), "not-joined");
    assertEquals("joined", client.call(join("late", 7001)).getString("type"));
    client.expectError(join("again", 7001), "already-joined");
  }

  @Test
  void badFieldsAreBadRequestsAndTheConnectionStaysOpen() {
    TrackerTestClient client = TrackerTestClient.connect(vertx, port);
    client.expectError(join("p", 7001).put("port", "7001"), "bad-request");
    client.expectError(join("p", 0), "bad-request");
    client.expectError(join("p", 65536), "bad-request");
    client.expectError(join("", 7001), "bad-request");
    client.expectError(join("é".repeat(128), 7001), "bad-request");
    client.expectError(join("p", 7001).put("files", "none"), "bad-request");
    client.expectError(join("p", 7001).put("files", new JsonArray().add(42)), "bad-request");
    client.expectError(join("p", 7001, file("x", "x", 1).put("fileId", "ABC")), "bad-request");
    client.expectError(join("p", 7001, file("x", "x", 1).put("fileId", "F".repeat(64))), "bad-request");
    client.expectError(join("p", 7001, file("x", "x", -1)), "bad-request");
    client.expectError(join("p", 7001, file("x", "x", 1).put("size", 1.5)), "bad-request");
    client.expectError(join("p", 7001, file("x", "n".repeat(256), 1)), "bad-request");
    client.expectError(join("p", 7001, file("x", "", 1)), "bad-request");
    client.expectError(new JsonObject().put("name", "no type"), "bad-request");

    for (Object badId : new Object[] {null, "seven", 1.5}) {
      client.sendRaw(Frames.json(join("p", 7001).put("id", badId)));
      JsonObject noId = client.nextWithoutId();
      assertEquals("bad-request", noId.getString("code"));
      assertFalse(noId.containsKey("id"));
    }

    assertEquals("joined", client.call(join("p", 7001, file("x", "n".repeat(255), 1))).getString("type"));
    client.expectError(request("search").put("limit", 0), "bad-request");
    client.expectError(request("search").put("q", 5), "bad-request");
    client.expectError(request("search").put("exact", "yes"), "bad-request");
    client.expectError(request("sources").put("fileId", "xyz"), "bad-request");
    client.expectError(request("sources"), "bad-request");
    client.expectError(request("update").put("add", new JsonArray().add("x")), "bad-request");
    client.expectError(request("update").put("remove", new JsonArray().add(5)), "bad-request");
    client.expectError(request("have"), "bad-request");
    assertEquals("ok", client.call(request("heartbeat")).getString("type"));
  }

  @Test
  void nothingIsKeptFromAConnectionThatNeverJoined() {
    TrackerTestClient failed = TrackerTestClient.connect(vertx, port);
    failed.expectError(join("half", 7001, file("x", "x", 1)).put("port", -1), "bad-request");
    failed.expectError(request("update").put("add", new JsonArray().add(file("y", "y", 1))), "not-joined");
    failed.close();

    TrackerTestClient observer = TrackerTestClient.joined(vertx, port, "observer", 7002);
    JsonObject peers = observer.call(request("peers"));
    assertEquals(1, peers.getInteger("total"));
    assertEquals(0, observer.call(request("search")).getJsonArray("files").size());
  }
}
