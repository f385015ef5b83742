package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * A download whose only source is banned waits for another: state {@code waiting}, with why and when it tries again,
 * told to the node like any state change; when an honest source joins it runs again and completes from its part file.
 */
class WaitingForASourceIsAStateTest {
  private static final int CHUNK = 64 * 1024;
  private static final int GOOD_FIRST = 3;

  @TempDir
  Path root;

  @AutoClose
  private final Closing closing = new Closing();

  @Test
  void aDownloadWithNoSourceLeftWaitsAndRunsAgainWhenOneJoins() throws Exception {
    byte[] data = new byte[16 * CHUNK + 5];
    new Random(17).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    SwarmFixture swarm = closing.add(new SwarmFixture(root));
    closing.add(FakeSource.serving("hostile", data, manifest, GOOD_FIRST)).join(swarm.trackerPort, data.length);
    // One request at a time, so the hostile source's good chunks come before its bad one; retries after 50 ms.
    EngineNode engine = closing.add(new EngineNode(root, swarm.trackerPort,
        new DownloadSettings(1, 32, 2_000, 3, 50, 3, 0, 50, 200, 1000))).joined();

    String id = engine.start(new JsonObject().put("fileId", manifest.fileId())).id();
    Download waiting = engine.awaitDownload(id, d -> d.state() == Download.State.WAITING);

    JsonObject json = waiting.toJson();
    assertEquals("waiting", json.getString("state"));
    assertTrue(json.getString("error").startsWith("waiting for a source (no source"), json.getString("error"));
    assertTrue(json.getLong("retryAt") >= waiting.createdAt(), json.encodePrettily());
    assertEquals(0L, json.getLong("bytesPerSecond"));
    JsonObject hostile = json.getJsonArray("sources").getJsonObject(0);
    assertEquals(GOOD_FIRST, hostile.getInteger("chunks"), "its good chunks are kept: " + hostile);
    assertTrue(waiting.bytesDone() > 0, "its good chunks are kept");

    closing.add(FakeSource.serving("honest", data, manifest, Integer.MAX_VALUE)).join(swarm.trackerPort, data.length);
    Download done = engine.awaitDownload(id, d -> d.state().finished());

    assertEquals(Download.State.COMPLETED, done.state(), done.toJson().encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(done.path()));
    assertNull(done.toJson().getValue("retryAt"));
    assertEquals(waiting.bytesDone(), done.toJson().getLong("resumedBytes"), "went on from its part file");
    assertEquals(List.of("running", "waiting", "running", "completed"), engine.statesOf(id),
        "every change was told, waiting and running again too");
  }
}
