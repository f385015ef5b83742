package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download cancelled in the middle leaves nothing behind: no part file, bitmap, manifest or record. */
class CancelLeavesNothingTest {
  @TempDir
  Path root;

  private SwarmFixture swarm;

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  @Test
  void aCancelledDownloadLeavesNothingInTheStateFolder() throws Exception {
    swarm = new SwarmFixture(root);
    byte[] data = new byte[10 * 1024 * 1024];
    new Random(9).nextBytes(data);
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("big.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort,
        new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 2 * 1024 * 1024)));

    JsonObject started = leecher.request(PeerBus.DOWNLOAD_START, new JsonObject().put("name", "big.bin"));
    JsonObject id = new JsonObject().put("id", started.getString("id"));
    leecher.awaitCondition(PeerBus.DOWNLOAD_GET, id, d -> d.getLong("bytesDone") >= 1024 * 1024);
    JsonObject cancelled = leecher.request(PeerBus.DOWNLOAD_CANCEL, id);
    assertEquals("cancelled", cancelled.getString("state"));

    Path state = leecher.downloads.resolve(".p2pshare");
    assertEquals(List.of(), files(state.resolve("parts")), "part file, bitmap and manifest are gone");
    assertEquals(List.of(), files(state.resolve("downloads")), "the download's record is gone");
    assertFalse(Files.exists(leecher.downloads.resolve("big.bin")));
  }

  private static List<Path> files(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }
}
