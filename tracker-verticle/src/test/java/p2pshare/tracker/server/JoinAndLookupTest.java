package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JoinAndLookupTest {
  private TrackerTestClient alice;
  private TrackerTestClient bob;

  /** Shard verticles the tracker runs: two, so lookups cross threads. */
  int shards() {
    return 2;
  }

  @BeforeEach
  void twoPeersJoin(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("shards", shards()));
    alice = TrackerTestClient.joined(vertx, port, "alice", 7001,
        file("a", "a.bin", 10), file("shared", "shared.bin", 30));
    bob = TrackerTestClient.joined(vertx, port, "bob", 7002,
        file("shared", "Copy of SHARED.bin", 30), file("b", "b.txt", 20));
  }

  @Test
  void substringSearchIgnoresCaseAndListsOneEntryPerContent() {
    JsonObject reply = alice.call(request("search").put("q", "BIN"));
    assertEquals("files", reply.getString("type"));
    JsonArray files = reply.getJsonArray("files");
    assertEquals(Set.of(fileId("a"), fileId("shared")), ids(files));
    assertEquals(2, files.size());
    JsonObject shared = find(files, fileId("shared"));
    assertEquals(2, shared.getInteger("sources"));
    assertEquals(0, shared.getInteger("partialSources"));
    assertEquals(30, shared.getLong("size"));
  }

  @Test
  void emptyQueryListsAllFilesSortedByName() {
    JsonArray files = alice.call(request("search").put("q", "")).getJsonArray("files");
    List<String> names = files.stream().map(f -> ((JsonObject) f).getString("name")).toList();
    assertEquals(List.of("a.bin", "b.txt", "shared.bin"), names);
  }

  @Test
  void exactSearchMatchesWholeNamesOnly() {
    assertEquals(Set.of(fileId("b")),
        ids(alice.call(request("search").put("q", "b.txt").put("exact", true)).getJsonArray("files")));
    assertEquals(Set.of(fileId("shared")),
        ids(alice.call(request("search").put("q", "Copy of SHARED.bin").put("exact", true)).getJsonArray("files")));
    assertEquals(Set.of(),
        ids(alice.call(request("search").put("q", "b.tx").put("exact", true)).getJsonArray("files")));
  }

  @Test
  void searchHonoursItsLimit() {
    assertEquals(1, alice.call(request("search").put("limit", 1)).getJsonArray("files").size());
  }

  @Test
  void sourcesListOtherPeersOnly() {
    JsonObject reply = alice.call(request("sources").put("fileId", fileId("shared")));
    assertEquals("sources", reply.getString("type"));
    assertEquals(fileId("shared"), reply.getString("fileId"));
    assertEquals(30, reply.getLong("size"));
    JsonArray peers = reply.getJsonArray("peers");
    assertEquals(1, peers.size());
    assertEquals(new JsonObject().put("peerId", bob.peerId).put("name", "bob").put("host", "127.0.0.1")
        .put("port", 7002).put("partial", false).put("size", 30), peers.getJsonObject(0));
    // Every candidate of the fileId, with all its sources (the asker's too, as search counts them).
    assertEquals(1, reply.getJsonArray("candidates").size());
    assertEquals(new JsonObject().put("size", 30).put("name", "shared.bin").put("sources", 2)
        .put("partialSources", 0), reply.getJsonArray("candidates").getJsonObject(0));
  }

  @Test
  void aFileOnlyTheAskerOffersHasNoSources() {
    alice.expectError(request("sources").put("fileId", fileId("a")), "unknown-file");
    alice.expectError(request("sources").put("fileId", fileId("nobody has this")), "unknown-file");
    assertEquals(alice.peerId,
        bob.call(request("sources").put("fileId", fileId("a"))).getJsonArray("peers").getJsonObject(0)
            .getString("peerId"));
  }

  @Test
  void peersListsBothWithFileCounts() {
    JsonObject reply = bob.call(request("peers"));
    assertEquals(2, reply.getInteger("total"));
    JsonObject first = reply.getJsonArray("peers").getJsonObject(0);
    assertEquals(alice.peerId, first.getString("id"));
    assertEquals("alice", first.getString("name"));
    assertEquals(2, first.getInteger("files"));
    assertEquals(1, bob.call(request("peers").put("limit", 1)).getJsonArray("peers").size());
  }

  @Test
  void pipelinedRepliesComeInRequestOrder() throws Exception {
    List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      replies.add(alice.send(request("search").put("id", 100 + 4 * round)));
      replies.add(alice.send(request("heartbeat").put("id", 101 + 4 * round)));
      replies.add(alice.send(request("sources").put("fileId", fileId("shared")).put("id", 102 + 4 * round)));
      replies.add(alice.send(request("peers").put("id", 103 + 4 * round)));
    }
    CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    List<Long> order = alice.replyOrder().stream().filter(id -> id >= 100).toList();
    assertEquals(LongStream.range(100, 180).boxed().toList(), order);
  }

  static Set<String> ids(JsonArray files) {
    return files.stream().map(f -> ((JsonObject) f).getString("fileId")).collect(Collectors.toSet());
  }

  private static JsonObject find(JsonArray files, String fileId) {
    return files.stream().map(f -> (JsonObject) f).filter(f -> f.getString("fileId").equals(fileId)).findFirst()
        .orElseThrow();
  }
}
