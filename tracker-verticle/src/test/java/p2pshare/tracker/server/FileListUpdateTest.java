package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerFixture.fileId;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FileListUpdateTest {
  private TrackerTestClient alice;
  private TrackerTestClient bob;

  @BeforeEach
  void join(Vertx vertx) {
    int port = TrackerFixture.start(vertx, new JsonObject().put("maxFilesPerPeer", 3));
    alice = TrackerTestClient.joined(vertx, port, "alice", 7001, file("one", "one.txt", 1));
    bob = TrackerTestClient.joined(vertx, port, "bob", 7002);
  }

  @Test
  void addedFilesAreFoundAndRemovedFilesVanish() {
    JsonObject added = bob.call(request("update").put("add", new JsonArray().add(file("two", "two.txt", 2))));
    assertEquals("ok", added.getString("type"), added.encode());
    assertEquals(bob.peerId, alice.call(request("sources").put("fileId", fileId("two")))
        .getJsonArray("peers").getJsonObject(0).getString("peerId"));
    assertEquals(Set.of(fileId("two")),
        JoinAndLookupTest.ids(alice.call(request("search").put("q", "two")).getJsonArray("files")));

    assertEquals("ok", bob.call(request("update").put("remove", new JsonArray().add(fileId("two"))))
        .getString("type"));
    alice.expectError(request("sources").put("fileId", fileId("two")), "unknown-file");
    assertEquals(0, alice.call(request("search").put("q", "two")).getJsonArray("files").size());
  }

  @Test
  void haveAddsACompletedDownload() {
    assertEquals("ok", bob.call(request("have").put("file", file("one", "one.txt", 1))).getString("type"));
    assertEquals(bob.peerId, alice.call(request("sources").put("fileId", fileId("one")))
        .getJsonArray("peers").getJsonObject(0).getString("peerId"));
    assertEquals(2, alice.call(request("search").put("q", "one")).getJsonArray("files").getJsonObject(0)
        .getInteger("sources"));
  }

  @Test
  void aRenameInOneUpdateKeepsTheFileOffered() {
    bob.call(request("update").put("add", new JsonArray().add(file("x", "x-old", 5))));
    bob.call(request("update").put("remove", new JsonArray().add(fileId("x")))
        .put("add", new JsonArray().add(file("x", "x-new", 5))));
    JsonArray found = alice.call(request("search").put("q", "x-")).getJsonArray("files");
    assertEquals(1, found.size());
    assertEquals("x-new", found.getJsonObject(0).getString("name"));
  }

  @Test
  void moreFilesThanAllowedAreRefusedWithLimit() {
    JsonArray four = new JsonArray();
    for (int i = 0; i < 4; i++) {
      four.add(file("f" + i, "f" + i, i));
    }
    bob.expectError(request("update").put("add", four), "limit");
    JsonArray three = new JsonArray(four.getList().subList(0, 3));
    assertEquals("ok", bob.call(request("update").put("add", three)).getString("type"));
    bob.expectError(request("have").put("file", file("extra", "extra", 1)), "limit");
    assertEquals(3, bob.call(request("peers")).getJsonArray("peers").stream()
        .map(p -> (JsonObject) p).filter(p -> p.getString("id").equals(bob.peerId)).findFirst().orElseThrow()
        .getInteger("files"));
  }
}
