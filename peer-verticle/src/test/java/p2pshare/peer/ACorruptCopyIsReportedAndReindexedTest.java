package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.ManifestBuilder;

/**
 * A seeder whose shared file got one byte flipped on disk after it was indexed (size and mtime unchanged) serves a
 * bad chunk. The downloader bans it from the file and tells it which chunk failed; the seeder hashes its copy of that
 * chunk again, finds it corrupt, stops offering the old fileId (to the tracker too) and offers what the file holds
 * now under its new fileId. The download completes from an honest seeder, byte-identical.
 */
class ACorruptCopyIsReportedAndReindexedTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir
  Path root;

  private SwarmFixture swarm;

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  @Test
  void aSeederToldOfABadChunkChecksItsCopyWithdrawsItAndOffersItsTrueContent() throws Exception {
    swarm = new SwarmFixture(root);
    byte[] data = new byte[4 * CHUNK + 1000];
    new Random(4).nextBytes(data);
    String fileId = ManifestBuilder.build(Files.write(root.resolve("reference"), data), "film.bin", CHUNK).fileId();
    TestNode flipped = swarm.node("flipped");
    Path file = Files.write(flipped.share.resolve("film.bin"), data);
    flipped.start(swarm.trackerPort, new JsonObject());
    awaitShares(flipped, fileId, true);

    FileTime mtime = Files.getLastModifiedTime(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(2L * CHUNK + 77);
      raf.write(data[2 * CHUNK + 77] ^ 0x01);
    }
    Files.setLastModifiedTime(file, mtime);
    byte[] corrupt = Files.readAllBytes(file);
    String corruptId = ManifestBuilder.build(Files.write(root.resolve("corrupt"), corrupt), "film.bin", CHUNK)
        .fileId();

    JsonObject quickRetry = new JsonObject().put("download", new JsonObject().put("retryMinMillis", 100)
        .put("retryMaxMillis", 300));
    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort, quickRetry);
    JsonObject started = leecher.request(PeerBus.DOWNLOAD_START, new JsonObject().put("fileId", fileId));
    JsonObject id = new JsonObject().put("id", started.getString("id"));
    JsonObject reported = leecher.awaitCondition(PeerBus.DOWNLOAD_GET, id,
        d -> source(d, "flipped").getBoolean("dropped", false));
    assertEquals(1, source(reported, "flipped").getInteger("badChunks"), reported.encodePrettily());

    // The seeder checked its copy: the old fileId is withdrawn, here and at the tracker; the file's true content is
    // offered instead.
    awaitShares(flipped, fileId, false);
    awaitShares(flipped, corruptId, true);
    leecher.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "film.bin"),
        r -> sources(r, corruptId) == 1 && sources(r, fileId) == 0);

    TestNode honest = swarm.node("honest");
    Files.write(honest.share.resolve("film.bin"), data);
    honest.start(swarm.trackerPort, new JsonObject());
    // Until the honest node's file is found, the download waits for a source.
    JsonObject done = leecher.awaitCondition(PeerBus.DOWNLOAD_GET, id,
        d -> d.getString("state").matches("completed|failed|cancelled"));

    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(Path.of(done.getString("path"))));
    assertEquals(0, source(done, "flipped").getInteger("chunks", 0), "the last run took nothing from it");
  }

  private static void awaitShares(TestNode node, String fileId, boolean offered) throws Exception {
    node.awaitCondition(PeerBus.SHARES, new JsonObject(), r -> r.getJsonArray("shares").stream()
        .map(JsonObject.class::cast).anyMatch(s -> s.getString("fileId").equals(fileId)) == offered);
  }

  /** Complete sources of {@code fileId} in a search answer (0 when it is not listed). */
  private static int sources(JsonObject files, String fileId) {
    return files.getJsonArray("files").stream().map(JsonObject.class::cast)
        .filter(f -> f.getString("fileId").equals(fileId)).mapToInt(f -> f.getInteger("sources")).sum();
  }

  private static JsonObject source(JsonObject download, String name) {
    JsonArray sources = download.getJsonArray("sources", new JsonArray());
    return sources.stream().map(JsonObject.class::cast).filter(s -> name.equals(s.getString("name"))).findFirst()
        .orElse(new JsonObject());
  }
}
