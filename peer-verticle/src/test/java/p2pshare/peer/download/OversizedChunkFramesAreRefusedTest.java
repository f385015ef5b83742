package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.serve.ChunkServer;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;
import p2pshare.protocol.Frames;

/**
 * A source that answers a chunk request with a DATA frame longer than that chunk (up to the largest chunk the
 * protocol allows) is refused before a buffer is taken for it, and dropped at once: no such buffer ever exists, and
 * the download finishes from an honest seeder.
 */
@ExtendWith(VertxExtension.class)
class OversizedChunkFramesAreRefusedTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir
  Path dir;

  /** Serves the real manifest, then answers every chunk request with the largest DATA frame there is. */
  private static JsonObject inflater(Vertx vertx, Manifest manifest, AtomicInteger asked) {
    int port = vertx.createNetServer().connectHandler(socket -> {
      RpcServer connection = new RpcServer(new FrameChannel(vertx, socket,
          new FrameChannel.Limits(65536, 0, 0)), 32).serveHello("inflater");
      connection.requestHandler(request -> {
        int id = request.getInteger("id");
        if ("manifest".equals(request.getString("type"))) {
          return connection.send(new JsonObject().put("type", "manifest").put("id", id)
              .put("manifest", manifest.toJson()).put("complete", true));
        }
        asked.incrementAndGet();
        return socket.write(Frames.dataHeader(id, Manifest.MAX_CHUNK_SIZE)
            .appendBuffer(Buffer.buffer(new byte[Manifest.MAX_CHUNK_SIZE])));
      });
    }).listen(0, "127.0.0.1").await().actualPort();
    return new JsonObject().put("peerId", "inflater").put("name", "inflater").put("host", "127.0.0.1")
        .put("port", port);
  }

  @Test
  void aChunkFrameLongerThanTheChunkIsRefusedAndItsSourceDropped(Vertx vertx) throws Exception {
    byte[] data = new byte[24 * CHUNK + 5];
    new Random(24).nextBytes(data);
    Path share = Files.createDirectories(dir.resolve("share"));
    Files.write(share.resolve("big.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(share), CHUNK, 10).scan(Map.of()));
    Manifest manifest = ManifestBuilder.build(share.resolve("big.bin"), "big.bin", CHUNK);
    int seederPort = new ChunkServer(vertx, index, new ChunkServer.Limits(16, 16, 60), PeerMeters.none(), s -> { })
        .listen("127.0.0.1", 0).await();
    JsonObject seeder = new JsonObject().put("peerId", "seeder").put("name", "seeder").put("host", "127.0.0.1")
        .put("port", seederPort);
    AtomicInteger asked = new AtomicInteger();
    JsonObject inflater = inflater(vertx, manifest, asked);

    ChunkBuffers buffers = new ChunkBuffers(64 << 20);
    DownloadProgress download = new DownloadProgress("d1", manifest.fileId(), "big.bin", data.length);
    Promise<Path> done = Promise.promise();
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    // Up to four requests at once on one source, so the inflater is asked while the seeder is too.
    vertx.getOrCreateContext().runOnContext(v -> TestSwarms.swarm(vertx, buffers, download, List.of(inflater, seeder), new DownloadSettings(4, 8, 5_000, 3, 20, 1), parts, downloads)
        .run().subscribe(shared -> done.complete(shared.path()), done::fail));
    Path path = done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertArrayEquals(data, Files.readAllBytes(path));
    JsonObject stats = download.sourcesJson().stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("inflater")).findFirst().orElseThrow();
    assertTrue(asked.get() > 0, "the inflater was asked for chunks");
    assertEquals(0, stats.getInteger("chunks"), "no chunk of the inflater's was taken");
    assertEquals(true, stats.getBoolean("dropped"), stats.encode());
    assertTrue(stats.getString("error").contains("DATA frame of " + Manifest.MAX_CHUNK_SIZE + " bytes"),
        stats.getString("error"));
    long peak = buffers.budget().peak();
    assertTrue(peak < Manifest.MAX_CHUNK_SIZE, "no buffer was ever taken for the inflated frame: peak " + peak);
  }
}
