package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tracker and several peers, each in its own Vert.x instance, talking over loopback TCP. */
class SwarmTest {
  @TempDir
  Path root;

  private SwarmFixture swarm;
  private int trackerPort;

  @BeforeEach
  void startTracker() throws Exception {
    swarm = new SwarmFixture(root);
    trackerPort = swarm.trackerPort;
  }

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  private TestNode node(String name) throws Exception {
    return swarm.node(name);
  }

  @Test
  void downloadFromThreeSeedersThenFromTheFormerLeecherAlone() throws Exception {
    byte[] data = new byte[32 * 1024 * 1024];
    new Random(42).nextBytes(data);
    List<TestNode> seeders = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      TestNode seeder = node("seeder-" + i);
      Files.write(seeder.share.resolve("movie.bin"), data);
      seeders.add(seeder.start(trackerPort, new JsonObject()));
    }
    TestNode leecher = node("leecher").start(trackerPort, new JsonObject());

    JsonObject done = leecher.download(new JsonObject().put("name", "movie.bin"));

    assertEquals("completed", done.getString("state"), done.encodePrettily());
    Path saved = leecher.downloads.resolve("movie.bin");
    assertEquals(saved.toString(), done.getString("path"));
    assertArrayEquals(data, Files.readAllBytes(saved));
    JsonArray sources = done.getJsonArray("sources");
    assertEquals(3, sources.size());
    for (int i = 0; i < 3; i++) {
      assertTrue(sources.getJsonObject(i).getInteger("chunks") > 0, "every seeder served a chunk: " + sources);
    }
    String fileId = done.getString("fileId");
    leecher.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "movie"),
        files -> files.getJsonArray("files").getJsonObject(0).getInteger("sources") == 4);

    for (TestNode seeder : seeders) {
      seeder.stop();
    }
    TestNode fifth = node("fifth").start(trackerPort, new JsonObject());
    JsonObject second = fifth.download(new JsonObject().put("fileId", fileId));

    assertEquals("completed", second.getString("state"), second.encodePrettily());
    assertEquals(1, second.getJsonArray("sources").size());
    assertEquals("leecher", second.getJsonArray("sources").getJsonObject(0).getString("name"));
    assertArrayEquals(data, Files.readAllBytes(fifth.downloads.resolve("movie.bin")));
  }

  @Test
  void aFileAddedToTheShareFolderReachesTheTracker() throws Exception {
    TestNode seeder = node("seeder").start(trackerPort, new JsonObject());
    TestNode other = node("other").start(trackerPort, new JsonObject());
    assertEquals(0, other.request(PeerBus.FILES, new JsonObject().put("q", "late")).getJsonArray("files").size());

    Files.writeString(seeder.share.resolve("late.txt"), "added while running");

    JsonObject files = other.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "late"),
        f -> f.getJsonArray("files").size() == 1);
    assertEquals("late.txt", files.getJsonArray("files").getJsonObject(0).getString("name"));

    Files.delete(seeder.share.resolve("late.txt"));
    other.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "late"), f -> f.getJsonArray("files").isEmpty());
  }

  @Test
  void aPeerThatLeavesIsGoneAtOnce() throws Exception {
    TestNode seeder = node("seeder");
    Files.writeString(seeder.share.resolve("doc.txt"), "hello");
    seeder.start(trackerPort, new JsonObject());
    TestNode other = node("other").start(trackerPort, new JsonObject());
    assertEquals(2, other.request(PeerBus.PEERS, new JsonObject()).getJsonArray("peers").size());
    assertEquals(1, other.request(PeerBus.FILES, new JsonObject().put("q", "doc")).getJsonArray("files").size());

    seeder.stop();

    assertEquals(1, other.request(PeerBus.PEERS, new JsonObject()).getJsonArray("peers").size());
    assertEquals(0, other.request(PeerBus.FILES, new JsonObject().put("q", "doc")).getJsonArray("files").size());
  }

  @Test
  void badRequestsGetClearErrors() throws Exception {
    TestNode seeder = node("seeder");
    Files.writeString(seeder.share.resolve("same.txt"), "one");
    seeder.start(trackerPort, new JsonObject());
    TestNode seeder2 = node("seeder2");
    Files.writeString(seeder2.share.resolve("same.txt"), "two");
    seeder2.start(trackerPort, new JsonObject());
    TestNode leecher = node("leecher").start(trackerPort, new JsonObject());

    assertEquals(404, failureCode(leecher, new JsonObject().put("name", "missing.txt")));
    assertEquals(404, failureCode(leecher, new JsonObject().put("fileId", "0".repeat(64))));
    assertEquals(400, failureCode(leecher, new JsonObject()));
    assertEquals(400, failureCode(leecher, new JsonObject().put("fileId", "../../x")));
    assertEquals(409, failureCode(leecher, new JsonObject().put("name", "same.txt")));
  }

  private static int failureCode(TestNode node, JsonObject request) {
    try {
      node.request(PeerBus.DOWNLOAD_START, request);
      return 200;
    } catch (Exception e) {
      return ((io.vertx.core.eventbus.ReplyException) e.getCause()).failureCode();
    }
  }
}
