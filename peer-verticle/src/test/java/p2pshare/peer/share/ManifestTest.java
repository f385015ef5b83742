package p2pshare.peer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  private static final int CHUNK = 16 * 1024;

  @TempDir
  Path dir;

  @Test
  void chunksHashTheirBytesAndTheLastChunkIsShort() throws Exception {
    byte[] data = new byte[CHUNK * 2 + 100];
    new Random(1).nextBytes(data);
    Path file = Files.write(dir.resolve("a.bin"), data);

    Manifest m = ManifestBuilder.build(file, "a.bin", CHUNK);

    assertEquals(3, m.chunkCount());
    assertEquals(100, m.length(2));
    assertEquals(2L * CHUNK, m.offset(2));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertEquals(HexFormat.of().formatHex(sha.digest(Arrays.copyOfRange(data, CHUNK, 2 * CHUNK))),
        m.chunks().get(1));
    assertTrue(Manifest.isFileId(m.fileId()));
  }

  @Test
  void fileIdDependsOnContentNotName() throws Exception {
    byte[] data = new byte[CHUNK + 1];
    new Random(2).nextBytes(data);
    Manifest a = ManifestBuilder.build(Files.write(dir.resolve("a"), data), "a", CHUNK);
    Manifest b = ManifestBuilder.build(Files.write(dir.resolve("b"), data), "b", CHUNK);
    data[5] ^= 1;
    Manifest c = ManifestBuilder.build(Files.write(dir.resolve("c"), data), "a", CHUNK);

    assertEquals(a.fileId(), b.fileId());
    assertNotEquals(a.fileId(), c.fileId());
  }

  @Test
  void emptyFileHasNoChunks() throws Exception {
    Manifest m = ManifestBuilder.build(Files.write(dir.resolve("empty"), new byte[0]), "empty", CHUNK);
    assertEquals(0, m.chunkCount());
    assertEquals(m, Manifest.fromJson(m.toJson()));
  }

  @Test
  void jsonRoundTripKeepsEverything() throws Exception {
    byte[] data = new byte[CHUNK * 3];
    new Random(3).nextBytes(data);
    Manifest m = ManifestBuilder.build(Files.write(dir.resolve("x"), data), "x", CHUNK);
    assertEquals(m, Manifest.fromJson(new JsonObject(m.toJson().encode())));
  }

  @Test
  void tamperedManifestsAreRejected() throws Exception {
    byte[] data = new byte[CHUNK * 2];
    new Random(4).nextBytes(data);
    JsonObject good = ManifestBuilder.build(Files.write(dir.resolve("y"), data), "y", CHUNK).toJson();

    JsonObject otherHash = good.copy();
    otherHash.getJsonArray("chunks").set(0, "0".repeat(64));
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(otherHash));

    JsonObject biggerSize = good.copy().put("size", CHUNK * 2 + 1);
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(biggerSize));

    JsonObject missingChunk = good.copy().put("chunks", new JsonArray().add(good.getJsonArray("chunks").getString(0)));
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(missingChunk));

    JsonObject badTypes = good.copy().put("size", "big");
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(badTypes));

    JsonObject hugeChunk = good.copy().put("chunkSize", Integer.MAX_VALUE);
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(hugeChunk));

    JsonObject notHex = good.copy().put("fileId", "../../etc/passwd");
    assertThrows(IllegalArgumentException.class, () -> Manifest.fromJson(notHex));
  }
}
