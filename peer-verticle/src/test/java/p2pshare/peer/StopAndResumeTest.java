package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node stopped in the middle of a download leaves a part file and a chunk bitmap that agree: every chunk the
 * bitmap claims is in the part file with the right bytes. Started again, it resumes from those chunks.
 */
class StopAndResumeTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir
  Path root;

  private SwarmFixture swarm;

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  @Test
  void aStoppedNodeSavedABitmapThatMatchesItsPartFileAndResumesFromIt() throws Exception {
    swarm = new SwarmFixture(root);
    byte[] data = new byte[40 * CHUNK];
    new Random(40).nextBytes(data);
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("film.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    JsonObject slow = new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 2 * 1024 * 1024));
    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort, slow);

    JsonObject started = leecher.request(PeerBus.DOWNLOAD_START, new JsonObject().put("name", "film.bin"));
    String fileId = started.getString("fileId");
    leecher.awaitCondition(PeerBus.DOWNLOAD_GET, new JsonObject().put("id", started.getString("id")),
        d -> d.getLong("bytesDone") >= 8L * CHUNK);
    leecher.stop();

    Path parts = leecher.downloads.resolve(".p2pshare").resolve("parts");
    byte[] saved = Files.readAllBytes(parts.resolve(fileId + ".bitmap"));
    assertArrayEquals("P2PB".getBytes(), Arrays.copyOf(saved, 4), "a versioned bitmap");
    assertEquals(2, saved[4]);
    ByteBuffer header = ByteBuffer.wrap(saved, 5, 4);
    assertEquals(40, header.getInt());
    BitSet claimed = BitSet.valueOf(Arrays.copyOfRange(saved, 9, saved.length));
    assertTrue(claimed.cardinality() >= 8 && claimed.cardinality() < 40, "claimed " + claimed.cardinality());
    JsonObject manifest = new JsonObject(Buffer.buffer(Files.readAllBytes(parts.resolve(fileId + ".manifest.json"))))
        .getJsonObject("manifest");
    JsonArray hashes = manifest.getJsonArray("chunks");
    byte[] part = Files.readAllBytes(parts.resolve(fileId + ".part"));
    for (int i = claimed.nextSetBit(0); i >= 0; i = claimed.nextSetBit(i + 1)) {
      byte[] chunk = Arrays.copyOfRange(part, i * CHUNK, (i + 1) * CHUNK);
      assertEquals(hashes.getString(i), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunk)),
          "chunk " + i + " is in the part file as the bitmap claims");
    }

    leecher.start(swarm.trackerPort, new JsonObject());
    JsonObject done = leecher.awaitCondition(PeerBus.DOWNLOAD_GET, new JsonObject().put("id", started.getString("id")),
        d -> d.getString("state").equals("completed"));
    assertEquals((long) claimed.cardinality() * CHUNK, done.getLong("resumedBytes"));
    assertArrayEquals(data, Files.readAllBytes(leecher.downloads.resolve("film.bin")));
  }
}
