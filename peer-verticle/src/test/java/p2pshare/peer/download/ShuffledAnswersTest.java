package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;

/**
 * Many sources answer chunk requests out of order, after random delays, into a buffer pool much smaller than the
 * requests in flight: every buffer is reused many times, and a download of 256 chunks still comes out
 * byte-identical, with every buffer back in the pool.
 */
@ExtendWith(VertxExtension.class)
class ShuffledAnswersTest {
  private static final int CHUNK = 16 * 1024;
  private static final int CHUNKS = 256;
  private static final int SOURCES = 6;

  @TempDir
  Path dir;

  /** A source that answers each request after 0..15 ms, so answers overtake each other. */
  private static JsonObject shuffledSource(Vertx vertx, String name, Path file, Manifest manifest,
      AtomicInteger overtaken) throws Exception {
    int port = vertx.createNetServer().connectHandler(socket -> {
      RpcServer connection = new RpcServer(new FrameChannel(vertx, socket,
          new FrameChannel.Limits(65536, 0, 0)), 64).serveHello(name);
      int[] lastAnswered = {0};
      connection.requestHandler(request -> {
        int id = request.getInteger("id");
        vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(15), t -> {
          if (id < lastAnswered[0]) {
            overtaken.incrementAndGet();
          }
          lastAnswered[0] = Math.max(lastAnswered[0], id);
          if ("manifest".equals(request.getString("type"))) {
            connection.send(new JsonObject().put("type", "manifest").put("id", id).put("manifest", manifest.toJson()));
          } else {
            int index = request.getInteger("index");
            connection.sendFile(id, file.toString(), manifest.offset(index), manifest.length(index));
          }
        });
        return Future.succeededFuture(); // answered later, out of turn
      });
    }).listen(0, "127.0.0.1").await().actualPort();
    return new JsonObject().put("peerId", name).put("name", name).put("host", "127.0.0.1").put("port", port);
  }

  @Test
  void answersInAnyOrderIntoFewBuffersGiveTheSameBytes(Vertx vertx) throws Exception {
    byte[] data = new byte[CHUNKS * CHUNK - 1000];
    new Random(256).nextBytes(data);
    Path file = Files.write(Files.createDirectories(dir.resolve("share")).resolve("big.bin"), data);
    Manifest manifest = ManifestBuilder.build(file, "big.bin", CHUNK);
    AtomicInteger overtaken = new AtomicInteger();
    List<JsonObject> sources = new ArrayList<>();
    for (int i = 0; i < SOURCES; i++) {
      sources.add(shuffledSource(vertx, "s" + i, file, manifest, overtaken));
    }
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    Path parts = Files.createDirectories(dir.resolve("parts"));
    // 32 requests in flight, 8 buffers of 64 KiB: connections wait for buffers and buffers are reused.
    ChunkBuffers buffers = new ChunkBuffers(8 * 64 * 1024);
    DownloadSettings settings = new DownloadSettings(8, 32, 5_000, 3, 10, 1);
    DownloadProgress download = new DownloadProgress("d1", manifest.fileId(), "big.bin", data.length);
    Context context = vertx.getOrCreateContext();
    Promise<Path> done = Promise.promise();
    context.runOnContext(v -> TestSwarms.swarm(vertx, buffers, download, sources, settings, parts, downloads).run().subscribe(shared -> done.complete(shared.path()), done::fail));
    Path path = done.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertArrayEquals(data, Files.readAllBytes(path));
    assertTrue(overtaken.get() > 10, "answers overtook each other: " + overtaken.get());
    Promise<Integer> lent = Promise.promise();
    context.runOnContext(v -> lent.complete(buffers.lent()));
    assertEquals(0, lent.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
    assertTrue(buffers.allocatedBytes() <= 8 * 64 * 1024);
  }
}
