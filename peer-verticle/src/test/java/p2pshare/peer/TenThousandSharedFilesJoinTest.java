package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer sharing the documented maximum of 10,000 files, in nested folders with long names, joins the tracker
 * (its list is several times the tracker's 1 MiB frame limit, so it goes in parts), and another peer finds any of
 * them by name.
 */
class TenThousandSharedFilesJoinTest {
  private static final int FILES = 10_000;

  @TempDir
  Path root;

  private SwarmFixture swarm;

  @AfterEach
  void stopAll() throws Exception {
    if (swarm != null) {
      swarm.close();
    }
  }

  private static String name(int i) {
    return String.format("track-%05d-", i) + "a-rather-long-title-of-a-song-from-an-album.ogg";
  }

  @Test
  void aPeerWithTenThousandFilesJoinsAndEachIsFound() throws Exception {
    swarm = new SwarmFixture(root);
    TestNode big = swarm.node("big");
    for (int i = 0; i < FILES; i++) {
      Path folder = big.share.resolve("artist-" + (i / 1000) + "-with-a-long-folder-name")
          .resolve("album-" + (i / 50) + "-also-with-a-long-folder-name");
      Files.createDirectories(folder);
      Files.write(folder.resolve(name(i)), ("file " + i).getBytes(StandardCharsets.UTF_8));
    }
    big.start(swarm.trackerPort, new JsonObject().put("rescanSeconds", 60));
    TestNode finder = swarm.node("finder").start(swarm.trackerPort, new JsonObject());

    Random random = new Random(10_000);
    for (int probe : new int[] {0, FILES - 1, random.nextInt(FILES), random.nextInt(FILES), random.nextInt(FILES)}) {
      JsonArray files = finder.request(PeerBus.FILES, new JsonObject().put("q", name(probe))).getJsonArray("files");
      assertEquals(1, files.size(), name(probe) + ": " + files.encode());
      assertEquals(name(probe), files.getJsonObject(0).getString("name"));
      assertEquals(1, files.getJsonObject(0).getInteger("sources"));
    }
    JsonObject peers = finder.request(PeerBus.PEERS, new JsonObject());
    JsonObject bigPeer = peers.getJsonArray("peers").stream().map(JsonObject.class::cast)
        .filter(p -> p.getString("name").equals("big")).findFirst().orElseThrow();
    assertEquals(FILES, bigPeer.getInteger("files"), "every file reached the tracker");
  }
}
