package p2pshare.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.protocol.ProtocolException;

/**
 * A download offers what it has verified: a leecher with half a file (paused) serves exactly those chunks to a third
 * peer while the seeder is away, answers {@code missing} for the rest, and everyone finishes once the seeder is back.
 * A node restarted in the middle of a download offers its verified chunks again.
 */
class PartialSourcesTest {
  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS = 32;

  @TempDir
  Path root;

  private SwarmFixture swarm;
  private byte[] data;

  @BeforeEach
  void setUp() throws Exception {
    swarm = new SwarmFixture(root);
    data = new byte[CHUNKS * CHUNK];
    new Random(32).nextBytes(data);
  }

  @AfterEach
  void stopAll() throws Exception {
    swarm.close();
  }

  private static JsonObject slow() {
    return new JsonObject().put("download", new JsonObject().put("maxBytesPerSecond", 2 * 1024 * 1024));
  }

  @Test
  void halfAFileIsServedChunkForChunkUntilTheSeederComesBack() throws Exception {
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("album.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode half = swarm.node("half").start(swarm.trackerPort, slow());
    JsonObject started = half.request(PeerBus.DOWNLOAD_START, new JsonObject().put("name", "album.bin"));
    JsonObject id = new JsonObject().put("id", started.getString("id"));
    half.awaitCondition(PeerBus.DOWNLOAD_GET, id, d -> d.getLong("bytesDone") >= CHUNKS / 2 * (long) CHUNK);
    long held = half.request(PeerBus.DOWNLOAD_PAUSE, id).getLong("bytesDone");
    seeder.stop();

    TestNode third = swarm.node("third").start(swarm.trackerPort, new JsonObject());
    JsonObject files = third.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "album.bin"),
        r -> r.getJsonArray("files").size() == 1);
    assertEquals(0, files.getJsonArray("files").getJsonObject(0).getInteger("sources"));
    assertEquals(1, files.getJsonArray("files").getJsonObject(0).getInteger("partialSources"));
    JsonObject thirdStarted = third.request(PeerBus.DOWNLOAD_START, new JsonObject().put("name", "album.bin"));
    JsonObject thirdId = new JsonObject().put("id", thirdStarted.getString("id"));
    JsonObject partway = third.awaitCondition(PeerBus.DOWNLOAD_GET, thirdId, d -> d.getLong("bytesDone") >= held);
    assertTrue(partway.getLong("bytesDone") < data.length, "only what the partial source has: " + partway.encode());

    // Asked directly, the partial source refuses a chunk it does not have.
    int port = half.request(PeerBus.NODE, new JsonObject()).getInteger("port");
    String fileId = started.getString("fileId");
    ProtocolException refused = await(askForMissing(third.vertx, port, fileId));
    assertEquals("missing", refused.code().wire());

    seeder.start(swarm.trackerPort, new JsonObject());
    half.request(PeerBus.DOWNLOAD_RESUME, id);
    third.awaitCondition(PeerBus.DOWNLOAD_GET, thirdId, d -> "completed".equals(d.getString("state")));
    half.awaitCondition(PeerBus.DOWNLOAD_GET, id, d -> "completed".equals(d.getString("state")));
    assertArrayEquals(data, Files.readAllBytes(third.downloads.resolve("album.bin")));
    assertArrayEquals(data, Files.readAllBytes(half.downloads.resolve("album.bin")));
  }

  /** Connects to a chunk server as a downloader would and asks for a chunk its offer says it lacks. */
  private static Future<ProtocolException> askForMissing(io.vertx.core.Vertx vertx, int port, String fileId) {
    io.vertx.core.Promise<ProtocolException> result = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> PeerConnection.connect(vertx, vertx.createNetClient(), "127.0.0.1",
            port, "probe", 5_000, new ChunkBuffers(4 << 20))
        .compose(c -> c.manifest(fileId).compose(offer -> {
          int held = offer.have().cardinality();
          if (offer.complete() || held == 0 || held == CHUNKS) {
            return Future.failedFuture("the offer should hold part of the file: " + offer.have());
          }
          return c.chunk(fileId, offer.have().nextClearBit(0)).future();
        }))
        .onComplete(ar -> {
          if (ar.failed() && ar.cause() instanceof ProtocolException w) {
            result.complete(w);
          } else {
            result.fail("expected an error, got " + (ar.succeeded() ? "bytes" : ar.cause()));
          }
        }));
    return result.future();
  }

  @Test
  void aNodeRestartedMidDownloadOffersItsVerifiedChunksAgain() throws Exception {
    TestNode seeder = swarm.node("seeder");
    Files.write(seeder.share.resolve("album.bin"), data);
    seeder.start(swarm.trackerPort, new JsonObject());
    TestNode leecher = swarm.node("leecher").start(swarm.trackerPort, slow());
    JsonObject started = leecher.request(PeerBus.DOWNLOAD_START, new JsonObject().put("name", "album.bin"));
    leecher.awaitCondition(PeerBus.DOWNLOAD_GET, new JsonObject().put("id", started.getString("id")),
        d -> d.getLong("bytesDone") >= 4L * CHUNK);
    leecher.stop();
    TestNode watcher = swarm.node("watcher").start(swarm.trackerPort, new JsonObject());
    watcher.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "album.bin"),
        r -> r.getJsonArray("files").getJsonObject(0).getInteger("partialSources") == 0);

    leecher.start(swarm.trackerPort, slow());
    watcher.awaitCondition(PeerBus.FILES, new JsonObject().put("q", "album.bin"),
        r -> r.getJsonArray("files").getJsonObject(0).getInteger("partialSources") == 1);
  }
}
