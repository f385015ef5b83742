package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A source that relays good chunks and then sends one bad chunk is dropped at once and banned from the file: it is
 * not contacted again when the download is paused and resumed, nor after the node restarts (a new engine on the same
 * state folder), and the file arrives whole from an honest source on the same address.
 */
class BadChunkSourcesStayBannedTest {
  private static final int CHUNK = 64 * 1024;
  private static final int GOOD_FIRST = 3;

  @TempDir
  Path root;

  @AutoClose
  private final Closing closing = new Closing();

  /** One request at a time per source, so the hostile one's good chunks come before its bad one. */
  private static DownloadSettings settings() {
    return new DownloadSettings(1, 32, 2_000, 3, 50, 3, 0, 50, 200, 1000);
  }

  @Test
  void aSourceThatSendsOneBadChunkIsBannedAcrossResumesAndRestarts() throws Exception {
    byte[] data = new byte[16 * CHUNK + 5];
    new Random(16).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    SwarmFixture swarm = closing.add(new SwarmFixture(root));
    FakeSource hostile = closing.add(FakeSource.serving("hostile", data, manifest, GOOD_FIRST))
        .join(swarm.trackerPort, data.length);
    EngineNode engine = new EngineNode(root, swarm.trackerPort, settings()).joined();

    String id = engine.start(new JsonObject().put("fileId", manifest.fileId())).id();
    Download waiting = engine.awaitDownload(id, d -> hostileOf(d).getBoolean("dropped"));
    JsonObject stats = hostileOf(waiting);
    assertEquals(1, stats.getInteger("badChunks"), "dropped at its first bad chunk: " + stats);
    assertEquals(GOOD_FIRST, stats.getInteger("chunks"), "its good chunks were kept: " + stats);
    int connections = hostile.connections.get();
    int requests = hostile.chunkRequests.get();
    assertEquals(GOOD_FIRST + 1, requests);

    engine.pause(id);
    engine.resume(id);
    Download banned = engine.awaitDownload(id,
        d -> String.valueOf(d.toJson().getString("error")).contains("1 banned"));
    assertEquals(Download.State.WAITING, banned.state(), "waits for a source it may ask");
    engine.close();
    assertEquals(connections, hostile.connections.get(), "not contacted again after a resume");

    EngineNode restarted = closing.add(new EngineNode(root, swarm.trackerPort, settings()).joined());
    restarted.resumeSaved();
    restarted.awaitDownload(id, d -> String.valueOf(d.toJson().getString("error")).contains("1 banned"));
    FakeSource honest = closing.add(FakeSource.serving("honest", data, manifest, Integer.MAX_VALUE))
        .join(swarm.trackerPort, data.length);
    Download done = restarted.awaitDownload(id, d -> d.state().finished());

    assertEquals("completed", done.toJson().getString("state"), done.toJson().encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertEquals(connections, hostile.connections.get(), "not contacted again after a restart");
    assertEquals(requests, hostile.chunkRequests.get());
    assertTrue(honest.chunkRequests.get() > 0);
  }

  private static JsonObject hostileOf(Download download) {
    return download.toJson().getJsonArray("sources").stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("hostile")).findFirst().orElse(new JsonObject().put("dropped", false));
  }
}
