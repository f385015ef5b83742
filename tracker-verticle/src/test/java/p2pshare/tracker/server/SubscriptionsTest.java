package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connection hears of the sources of the files it subscribed to, and of nothing else. */
@ExtendWith(VertxExtension.class)
class SubscriptionsTest {

  private static JsonObject subscribe(String... contents) {
    return request("subscribe").put("fileIds", fileIds(contents));
  }

  private static JsonArray fileIds(String... contents) {
    JsonArray ids = new JsonArray();
    for (String content : contents) {
      ids.add(fileId(content));
    }
    return ids;
  }

  @Test
  void aSubscriberHearsOfNewSourcesAndOfSourcesThatGoAndOfNothingElse(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient leecher = TrackerTestClient.joined(vertx, port, "leecher", 7001);
    assertEquals("ok", leecher.call(subscribe("x")).getString("type"));

    // Peers that offer other files are none of its business; the one that offers x is.
    TrackerTestClient other = TrackerTestClient.joined(vertx, port, "other", 7002, file("y", "y.bin", 3));
    other.call(request("update").put("add", new JsonArray().add(file("z", "z.bin", 4))));
    TrackerTestClient seeder = TrackerTestClient.joined(vertx, port, "seeder", 7003, file("x", "x.bin", 10));

    JsonObject event = leecher.nextWithoutId();
    assertEquals("sources-changed", event.getString("type"));
    assertEquals(fileId("x"), event.getString("fileId"));
    assertEquals(new JsonArray().add(new JsonObject().put("peerId", seeder.peerId).put("name", "seeder")
        .put("host", "127.0.0.1").put("port", 7003).put("partial", false).put("size", 10)),
        event.getJsonArray("sources"));
    assertEquals(new JsonArray(), event.getJsonArray("gone"));
    assertEquals(false, event.getBoolean("more"));

    other.call(request("leave"));
    seeder.call(request("update").put("remove", new JsonArray().add(fileId("x"))));
    JsonObject gone = leecher.nextWithoutId();
    assertEquals(new JsonArray(), gone.getJsonArray("sources"));
    assertEquals(new JsonArray().add(seeder.peerId), gone.getJsonArray("gone"), "the other peer's leave is not told");
  }

  @Test
  void aSourceThatLeavesIsGoneAndUnsubscribingEndsTheEvents(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient leecher = TrackerTestClient.joined(vertx, port, "leecher", 7001);
    leecher.call(subscribe("x", "marker"));
    TrackerTestClient seeder = TrackerTestClient.joined(vertx, port, "seeder", 7002, file("x", "x.bin", 10));
    assertEquals(seeder.peerId, leecher.nextWithoutId().getJsonArray("sources").getJsonObject(0)
        .getString("peerId"));
    seeder.close();
    assertEquals(new JsonArray().add(seeder.peerId), leecher.nextWithoutId().getJsonArray("gone"));

    assertEquals("ok", leecher.call(request("unsubscribe").put("fileIds", fileIds("x"))).getString("type"));
    TrackerTestClient.joined(vertx, port, "again", 7003, file("x", "x.bin", 10));
    TrackerTestClient.joined(vertx, port, "marker", 7004, file("marker", "m.bin", 1));
    assertEquals(fileId("marker"), leecher.nextWithoutId().getString("fileId"),
        "after unsubscribing, the next event is about the file still subscribed to");
  }

  @Test
  void progressIsOneUpdatePerSourcePerWindowAndNobodyHearsOfItsOwnOffers(Vertx vertx) throws Exception {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient leecher = TrackerTestClient.joined(vertx, port, "leecher", 7001);
    TrackerTestClient partial = TrackerTestClient.joined(vertx, port, "partial", 7002);
    leecher.call(subscribe("x", "marker"));
    partial.call(subscribe("x"));

    List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
    int updates = 40;
    for (int chunks = 1; chunks <= updates; chunks++) {
      replies.add(partial.send(request("have").put("file", file("x", "x.bin", 1 << 30).put("partial", true)
          .put("chunks", chunks))));
    }
    for (CompletableFuture<JsonObject> reply : replies) {
      assertEquals("ok", reply.get(TrackerTestClient.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)
          .getString("type"));
    }
    int events = 0;
    int chunks = 0;
    while (chunks < updates) {
      JsonObject source = leecher.nextWithoutId().getJsonArray("sources").getJsonObject(0);
      assertEquals(partial.peerId, source.getString("peerId"));
      assertTrue(source.getInteger("chunks") > chunks, "each update is newer than the one before");
      chunks = source.getInteger("chunks");
      events++;
    }
    assertTrue(events < updates, updates + " updates within a few windows make fewer events, got " + events);

    TrackerTestClient.joined(vertx, port, "marker", 7004, file("marker", "m.bin", 1));
    assertEquals(fileId("marker"), leecher.nextWithoutId().getString("fileId"));
    partial.call(request("subscribe").put("fileIds", fileIds("marker")));
    TrackerTestClient.joined(vertx, port, "marker-2", 7005, file("marker", "m.bin", 1));
    assertEquals(fileId("marker"), partial.nextWithoutId().getString("fileId"),
        "the partial source was never told of its own progress");
  }

  @Test
  void subscriptionsPerConnectionAreBounded(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxSubscriptionsPerConnection", 3));
    TrackerTestClient peer = TrackerTestClient.joined(vertx, port, "peer", 7001);
    peer.call(subscribe("a", "b"));
    JsonObject refused = peer.call(subscribe("b", "c", "d"));
    assertEquals("limit", refused.getString("code"), refused.encode());
    assertTrue(refused.getString("message").contains("maxSubscriptionsPerConnection"), refused.encode());
    assertEquals("ok", peer.call(subscribe("b", "c")).getString("type"), "a file subscribed twice counts once");
    peer.call(request("unsubscribe").put("fileIds", fileIds("a", "never")));
    assertEquals("ok", peer.call(subscribe("d")).getString("type"));
    peer.expectError(request("subscribe").put("fileIds", new JsonArray().add("not-a-file-id")), "bad-request");
  }

  @Test
  void onlyJoinedPeersSubscribe(Vertx vertx) {
    int port = TrackerFixture.start(vertx);
    TrackerTestClient stranger = TrackerTestClient.connect(vertx, port);
    stranger.expectError(subscribe("x"), "not-joined");
  }

  @Test
  void watchersAreBoundedAndTheJoinReplySetsThePace(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxWatchers", 1).put("heartbeatSeconds", 0.5));
    TrackerTestClient first = TrackerTestClient.connect(vertx, port);
    JsonObject joined = first.call(TrackerTestClient.join("first", 7001));
    assertEquals(0.5, joined.getDouble("heartbeatSeconds"));
    assertEquals(2, joined.getInteger("peerTimeoutSeconds"), "three heartbeats, rounded up to a second");
    first.peerId = joined.getString("peerId");
    assertEquals("ok", first.call(request("watch")).getString("type"));
    assertEquals("ok", first.call(request("watch")).getString("type"), "watching again takes no second place");
    TrackerTestClient second = TrackerTestClient.joined(vertx, port, "second", 7002);
    second.expectError(request("watch"), "limit");
  }
}
