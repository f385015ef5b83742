package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.download.Download;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.testkit.Closing;

/**
 * The tracker cannot check sizes, so it lists every size a fileId is offered at (docs/protocol.md, "sources"). The
 * downloader proves the size from the manifest and drops the sources that offered another: a squatter's size neither
 * refuses the download for want of room nor becomes the download's size, and the squatter is asked for no chunk.
 */
class SizeSquattersAreDroppedTest {
  private static final int CHUNK = 64 * 1024;
  private static final long HUGE = 1L << 50;

  @TempDir
  Path root;

  @AutoClose
  private final Closing closing = new Closing();

  private static JsonObject candidate(long size, int sources) {
    return new JsonObject().put("size", size).put("name", "film.bin").put("sources", sources).put("partialSources", 0);
  }

  @Test
  void sourcesOfferingTheFileAtAnotherSizeAreDroppedAndTheTrueFileArrives() throws Exception {
    byte[] data = new byte[20 * CHUNK + 77];
    new Random(20).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    // Both squatters send the true manifest (anyone may copy it) and then bad bytes.
    FakeSource huge = closing.add(FakeSource.serving("huge", data, manifest, 0));
    FakeSource tiny = closing.add(FakeSource.serving("tiny", data, manifest, 0));
    FakeSource seeder = closing.add(FakeSource.serving("seeder", data, manifest, Integer.MAX_VALUE));
    FakeTracker tracker = closing.add(new FakeTracker()).sources(new JsonObject().put("fileId", manifest.fileId())
        .put("name", "film.bin").put("size", HUGE)
        .put("peers", new JsonArray().add(huge.entry(HUGE)).add(tiny.entry(10)).add(seeder.entry(data.length)))
        .put("candidates", new JsonArray().add(candidate(HUGE, 1)).add(candidate(10, 1))
            .add(candidate(data.length, 1))));
    EngineNode engine = closing.add(new EngineNode(root, tracker.port, new DownloadSettings(4, 32, 2_000, 3, 10, 3)))
        .joined();
    engine.freeBytes.set(1L << 30);

    Download started = engine.start(new JsonObject().put("fileId", manifest.fileId()));
    Download done = engine.awaitDownload(started.id(), d -> d.state().finished());

    JsonObject json = done.toJson();
    assertEquals("completed", json.getString("state"), json.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertEquals(data.length, json.getLong("size"), "the proven size, not the first candidate's");
    assertEquals(0, huge.chunkRequests.get(), "a squatter is asked for no chunk");
    assertEquals(0, tiny.chunkRequests.get(), "a squatter is asked for no chunk");
    assertEquals(1, huge.connections.get(), "asked for the manifest, then never connected to again");
    assertEquals(1, tiny.connections.get(), "asked for the manifest, then never connected to again");
    for (Object s : json.getJsonArray("sources")) {
      JsonObject source = (JsonObject) s;
      if (!source.getString("name").equals("seeder")) {
        assertTrue(source.getBoolean("dropped"), source.encode());
        assertTrue(source.getString("error").startsWith("offered the file at "), source.encode());
      }
    }
  }

  @Test
  void searchRowsOfOneFileIdAtSeveralSizesAreOneFile() throws Exception {
    byte[] data = new byte[3 * CHUNK];
    new Random(3).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    FakeSource seeder = closing.add(FakeSource.serving("seeder", data, manifest, Integer.MAX_VALUE));
    JsonObject row = new JsonObject().put("fileId", manifest.fileId()).put("name", "film.bin").put("sources", 1)
        .put("partialSources", 0);
    FakeTracker tracker = closing.add(new FakeTracker())
        .search(new JsonObject().put("files", new JsonArray().add(row.copy().put("size", HUGE))
            .add(row.copy().put("size", (long) data.length))))
        .sources(new JsonObject().put("fileId", manifest.fileId()).put("name", "film.bin").put("size", HUGE)
            .put("peers", new JsonArray().add(seeder.entry(data.length))));
    EngineNode engine = closing.add(new EngineNode(root, tracker.port, new DownloadSettings(4, 32, 2_000, 3, 10, 3)))
        .joined();

    Download started = engine.start(new JsonObject().put("name", "film.bin"));
    Download done = engine.awaitDownload(started.id(), d -> d.state().finished());

    assertEquals(manifest.fileId(), started.fileId());
    assertEquals("completed", done.toJson().getString("state"), done.toJson().encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
  }

  @Test
  void throughARealTrackerASquatterAtAnotherSizeDoesNotSpoilTheDownload() throws Exception {
    byte[] data = new byte[6 * CHUNK + 1];
    new Random(6).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    SwarmFixture swarm = closing.add(new SwarmFixture(root));
    FakeSource seeder = closing.add(FakeSource.serving("seeder", data, manifest, Integer.MAX_VALUE))
        .join(swarm.trackerPort, data.length);
    FakeSource squatter = closing.add(FakeSource.serving("squatter", data, manifest, 0)).join(swarm.trackerPort, HUGE);
    EngineNode engine = closing.add(new EngineNode(root, swarm.trackerPort, new DownloadSettings(4, 32, 2_000, 3, 10, 3)))
        .joined();
    engine.freeBytes.set(1L << 30);

    Download started = engine.start(new JsonObject().put("fileId", manifest.fileId()));
    Download done = engine.awaitDownload(started.id(), d -> d.state().finished());

    assertEquals("completed", done.toJson().getString("state"), done.toJson().encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertEquals(data.length, done.size());
    assertEquals(0, squatter.chunkRequests.get());
    assertTrue(seeder.chunkRequests.get() > 0);
  }
}
