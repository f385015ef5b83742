package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.testkit.Closing;

/**
 * A node hears of new sources of its downloads' files from the tracker as they join: its downloads do not have to
 * look again. Here its retry timer and its lookups are minutes away, so only a push can move the download on.
 */
class SourcesArePushedTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir
  Path root;

  @AutoClose
  private final Closing closing = new Closing();

  @Test
  void aDownloadWaitingForASourceRunsWhenTheTrackerPushesOne() throws Exception {
    byte[] data = new byte[16 * CHUNK + 5];
    new Random(23).nextBytes(data);
    Manifest manifest = ManifestBuilder.build(Files.write(root.resolve("film.bin"), data), "film.bin", CHUNK);
    SwarmFixture swarm = closing.add(new SwarmFixture(root));
    closing.add(FakeSource.serving("hostile", data, manifest, 3)).join(swarm.trackerPort, data.length);
    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort, new JsonObject().put("download",
        new JsonObject().put("perSourceInFlight", 1).put("retryMinMillis", 600_000).put("retryMaxMillis", 600_000)));

    String id = leecher.request(PeerBus.DOWNLOAD_START, new JsonObject().put("fileId", manifest.fileId()))
        .getString("id");
    JsonObject byId = new JsonObject().put("id", id);
    leecher.awaitCondition(PeerBus.DOWNLOAD_GET, byId, d -> "waiting".equals(d.getString("state")));

    closing.add(FakeSource.serving("honest", data, manifest, Integer.MAX_VALUE)).join(swarm.trackerPort, data.length);
    JsonObject done = leecher.awaitCondition(PeerBus.DOWNLOAD_GET, byId,
        d -> d.getString("state").matches("completed|failed"));

    assertEquals("completed", done.getString("state"), done.encodePrettily());
    assertArrayEquals(data, Files.readAllBytes(Path.of(done.getString("path"))));
    JsonArray sources = done.getJsonArray("sources");
    assertEquals("honest", sources.getJsonObject(sources.size() - 1).getString("name"));
  }
}
