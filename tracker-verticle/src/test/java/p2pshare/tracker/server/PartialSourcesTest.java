package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.join;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Peers offer files they are still downloading; the tracker lists them after the complete sources. */
@ExtendWith(VertxExtension.class)
class PartialSourcesTest {
  private Vertx vertx;
  private int port;
  private TrackerTestClient seeder;
  private TrackerTestClient leecher;
  private TrackerTestClient asker;

  @BeforeEach
  void aSeederALeecherAndAnAsker(Vertx vertx) {
    this.vertx = vertx;
    port = TrackerFixture.start(vertx);
    seeder = TrackerTestClient.joined(vertx, port, "seeder", 7001, file("movie", "movie.mkv", 100));
    leecher = TrackerTestClient.joined(vertx, port, "leecher", 7002, partial("movie", "movie.mkv", 100, 4));
    asker = TrackerTestClient.joined(vertx, port, "asker", 7003);
  }

  private static JsonObject partial(String content, String name, long size, int chunks) {
    return file(content, name, size).put("partial", true).put("chunks", chunks);
  }

  @Test
  void aPartialOfferIsListedWithItsFlagAndChunkCountAfterTheCompleteOnes() {
    JsonArray peers = asker.call(request("sources").put("fileId", fileId("movie"))).getJsonArray("peers");
    assertEquals(2, peers.size());
    assertEquals(new JsonObject().put("peerId", seeder.peerId).put("name", "seeder").put("host", "127.0.0.1")
        .put("port", 7001).put("partial", false).put("size", 100), peers.getJsonObject(0));
    assertEquals(new JsonObject().put("peerId", leecher.peerId).put("name", "leecher").put("host", "127.0.0.1")
        .put("port", 7002).put("partial", true).put("chunks", 4).put("size", 100), peers.getJsonObject(1));
    assertEquals(1, asker.call(request("sources").put("fileId", fileId("movie")).put("limit", 1))
        .getJsonArray("peers").size());
  }

  @Test
  void searchCountsCompleteAndPartialSourcesApart() {
    JsonObject movie = onlyFile(asker.call(request("search").put("q", "movie")));
    assertEquals(1, movie.getInteger("sources"));
    assertEquals(1, movie.getInteger("partialSources"));
  }

  @Test
  void aFileOfferedOnlyByPartialSourcesIsFoundWithNoCompleteSource() {
    leecher.call(request("update").put("add", new JsonArray().add(partial("new", "new-release.iso", 50, 0))));
    JsonObject found = onlyFile(asker.call(request("search").put("q", "release")));
    assertEquals(fileId("new"), found.getString("fileId"));
    assertEquals(0, found.getInteger("sources"));
    assertEquals(1, found.getInteger("partialSources"));
    JsonObject only = asker.call(request("sources").put("fileId", fileId("new"))).getJsonArray("peers")
        .getJsonObject(0);
    assertTrue(only.getBoolean("partial"));
    assertEquals(0, only.getInteger("chunks"));
  }

  @Test
  void haveTurnsAPartialSourceIntoACompleteOne() {
    assertEquals("ok", asker.call(request("watch")).getString("type"));
    assertEquals("ok", leecher.call(request("have").put("file", file("movie", "movie.mkv", 100))).getString("type"));
    assertEquals(new JsonObject().put("type", "files-changed").put("peerId", leecher.peerId), asker.nextWithoutId());

    JsonObject movie = onlyFile(asker.call(request("search").put("q", "movie")));
    assertEquals(2, movie.getInteger("sources"));
    assertEquals(0, movie.getInteger("partialSources"));
    JsonArray peers = asker.call(request("sources").put("fileId", fileId("movie"))).getJsonArray("peers");
    assertEquals(List.of(false, false), peers.stream().map(p -> ((JsonObject) p).getBoolean("partial")).toList());
    assertFalse(peers.getJsonObject(1).containsKey("chunks"));
  }

  @Test
  void reannouncingAnOfferReplacesItWithoutDuplicates() {
    leecher.call(request("have").put("file", partial("movie", "movie.mkv", 100, 9)));
    leecher.call(request("update").put("add", new JsonArray().add(partial("movie", "movie.mkv", 100, 12))));

    JsonArray files = asker.call(request("search").put("q", "movie.mkv").put("exact", true)).getJsonArray("files");
    assertEquals(1, files.size());
    assertEquals(1, files.getJsonObject(0).getInteger("sources"));
    assertEquals(1, files.getJsonObject(0).getInteger("partialSources"));
    JsonArray peers = asker.call(request("sources").put("fileId", fileId("movie"))).getJsonArray("peers");
    assertEquals(2, peers.size());
    assertEquals(12, peers.getJsonObject(1).getInteger("chunks"));
    assertEquals(1, filesOf(leecher.peerId));

    leecher.call(request("update").put("remove", new JsonArray().add(fileId("movie"))));
    JsonObject movie = onlyFile(asker.call(request("search").put("q", "movie")));
    assertEquals(1, movie.getInteger("sources"));
    assertEquals(0, movie.getInteger("partialSources"));
  }

  @Test
  void badPartialOrChunksAreBadRequestsNamingTheField() {
    TrackerTestClient client = TrackerTestClient.connect(vertx, port);
    assertBadRequest(client, join("p", 7004, file("x", "x", 1).put("partial", "yes")), "partial");
    assertBadRequest(client, join("p", 7004, file("x", "x", 1).put("partial", 1)), "partial");
    assertBadRequest(client, join("p", 7004, partial("x", "x", 1, -1)), "chunks");
    assertBadRequest(client, join("p", 7004, partial("x", "x", 1, 0).put("chunks", 1L << 31)), "chunks");
    assertBadRequest(client, join("p", 7004, partial("x", "x", 1, 0).put("chunks", 1.5)), "chunks");
    assertBadRequest(client, join("p", 7004, partial("x", "x", 1, 0).put("chunks", "3")), "chunks");
    assertBadRequest(client, join("p", 7004, file("x", "x", 1).put("chunks", -1)), "chunks");

    assertEquals("joined", client.call(join("p", 7004, partial("x", "x", 1, Integer.MAX_VALUE))).getString("type"));
    assertBadRequest(client, request("have").put("file", file("y", "y", 1).put("partial", "true")), "partial");
    assertBadRequest(client, request("update").put("add", new JsonArray().add(partial("y", "y", 1, -5))), "chunks");
    assertEquals("ok", client.call(request("heartbeat")).getString("type"));
    assertEquals(0, asker.call(request("search").put("q", "y").put("exact", true)).getJsonArray("files").size());
  }

  private static void assertBadRequest(TrackerTestClient client, JsonObject request, String field) {
    JsonObject reply = client.call(request);
    assertEquals("bad-request", reply.getString("code"), reply.encode());
    assertTrue(reply.getString("message").contains(field), reply.encode());
  }

  private int filesOf(String peerId) {
    return asker.call(request("peers")).getJsonArray("peers").stream().map(p -> (JsonObject) p)
        .filter(p -> p.getString("id").equals(peerId)).findFirst().orElseThrow().getInteger("files");
  }

  private static JsonObject onlyFile(JsonObject reply) {
    JsonArray files = reply.getJsonArray("files");
    assertEquals(1, files.size(), reply.encode());
    return files.getJsonObject(0);
  }
}
