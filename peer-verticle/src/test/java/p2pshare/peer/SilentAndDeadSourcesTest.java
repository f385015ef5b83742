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
 * Sources that take the connection and never answer cost one stall together, not one each: the manifest is asked of
 * every source at once. And behind hundreds of dead sources, a download's error names a few and counts the rest.
 */
class SilentAndDeadSourcesTest {
  private static final int CHUNK = 64 * 1024;
  private static final long STALL_MILLIS = 1_000;

  @TempDir
  Path root;

  @AutoClose
  private final Closing closing = new Closing();

  private static DownloadSettings settings(int maxSources) {
    return new DownloadSettings(4, 32, STALL_MILLIS, 3, 10, 3, 0, 60_000, 60_000, 1000, false,
        DownloadSettings.DEFAULT_SYNC_EVERY_BYTES, maxSources, DownloadSettings.DEFAULT_BAN_MILLIS,
        DownloadSettings.DEFAULT_MAX_RECEIVE_BYTES, DownloadSettings.DEFAULT_DIRECT_WRITES);
  }

  @Test
  void silentSourcesListedFirstCostAtMostOneStall() throws Exception {
    byte[] data = new byte[8 * CHUNK + 9];
    new Random(8).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    JsonArray peers = new JsonArray();
    for (int i = 0; i < 8; i++) {
      peers.add(closing.add(FakeSource.silent("silent-" + i)).entry(data.length));
    }
    FakeSource seeder = closing.add(FakeSource.serving("seeder", data, manifest, Integer.MAX_VALUE));
    peers.add(seeder.entry(data.length));
    FakeTracker tracker = closing.add(new FakeTracker()).sources(new JsonObject().put("fileId", manifest.fileId())
        .put("name", "film.bin").put("size", data.length).put("peers", peers));
    EngineNode engine = closing.add(new EngineNode(root, tracker.port, settings(30))).joined();

    long started = System.nanoTime();
    String id = engine.start(new JsonObject().put("fileId", manifest.fileId())).id();
    Download done = engine.awaitDownload(id, d -> d.state().finished());
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals("completed", done.toJson().getString("state"), done.toJson().encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    // Asked one after the other, 8 silent sources cost 8 stalls before the seeder is asked.
    assertTrue(millis < 2 * STALL_MILLIS, "took " + millis + " ms, more than two stalls of " + STALL_MILLIS + " ms");
  }

  @Test
  void anErrorNamesThreeDeadSourcesAndCountsTheRest() throws Exception {
    byte[] data = new byte[2 * CHUNK];
    new Random(2).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    JsonArray peers = new JsonArray();
    for (int i = 0; i < 200; i++) {
      peers.add(new JsonObject().put("peerId", "dead-" + i).put("name", "dead-" + i).put("host", "127.0.0.1")
          .put("port", closedPort).put("partial", false).put("size", data.length));
    }
    FakeTracker tracker = closing.add(new FakeTracker()).sources(new JsonObject().put("fileId", manifest.fileId())
        .put("name", "film.bin").put("size", data.length).put("peers", peers));
    EngineNode engine = closing.add(new EngineNode(root, tracker.port, settings(200))).joined();

    String id = engine.start(new JsonObject().put("fileId", manifest.fileId())).id();
    Download waiting = engine.awaitDownload(id, d -> d.toJson().getString("error") != null);

    assertEquals(Download.State.WAITING, waiting.state(), waiting.toJson().encodePrettily());
    assertEquals("waiting", waiting.toJson().getString("state"));
    assertTrue(waiting.toJson().getLong("retryAt") > waiting.createdAt(), "says when it tries again");
    String error = waiting.toJson().getString("error");
    assertTrue(error.startsWith("waiting for a source ("), error);
    assertTrue(error.contains("; and 197 more"), error);
    assertEquals(3, error.split("dead-").length - 1, "three sources named: " + error);
    assertTrue(error.length() < 1000, "a readable message: " + error.length() + " characters");
  }
}
