package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import p2pshare.peer.wire.PeerWire;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcServer;
import p2pshare.protocol.Frames;

/**
 * A partial source that claims every chunk, then answers {@code missing} for some and sends wrong bytes for the
 * others, never gets a byte into the file and does not stop the download: the real seeder delivers it all.
 */
@ExtendWith(VertxExtension.class)
class LyingPartialSourceTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir
  Path dir;

  private static JsonObject liar(Vertx vertx, Manifest manifest) throws Exception {
    BitSet all = new BitSet();
    all.set(0, manifest.chunkCount());
    int port = vertx.createNetServer().connectHandler(socket -> {
      RpcServer connection = new RpcServer(new FrameChannel(vertx, socket,
          new FrameChannel.Limits(65536, 0, 0)), 32).serveHello("liar");
      connection.requestHandler(request -> {
        int id = request.getInteger("id");
        if ("manifest".equals(request.getString("type"))) {
          return connection.send(new JsonObject().put("type", "manifest").put("id", id)
              .put("manifest", manifest.toJson()).put("complete", false).put("have", PeerWire.bits(all)));
        }
        int index = request.getInteger("index");
        if (index % 2 == 0) {
          return connection.send(PeerWire.error(id, ErrorCode.MISSING, "not here after all"));
        }
        byte[] garbage = new byte[manifest.length(index)];
        new Random(index).nextBytes(garbage);
        return raw(socket, Frames.dataHeader(id, garbage.length).appendBytes(garbage));
      });
    }).listen(0, "127.0.0.1").await().actualPort();
    return new JsonObject().put("peerId", "liar").put("name", "liar").put("host", "127.0.0.1").put("port", port)
        .put("partial", true);
  }

  private static Future<Void> raw(NetSocket socket, Buffer bytes) {
    return socket.write(bytes);
  }

  @Test
  void aLyingPartialSourceGetsNoByteInAndTheDownloadFinishes(Vertx vertx) throws Exception {
    byte[] data = new byte[48 * CHUNK + 123];
    new Random(48).nextBytes(data);
    Path share = Files.createDirectories(dir.resolve("share"));
    Files.write(share.resolve("big.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(share), CHUNK, 10).scan(Map.of()));
    Manifest manifest = ManifestBuilder.build(share.resolve("big.bin"), "big.bin", CHUNK);
    int seederPort = new ChunkServer(vertx, index, new ChunkServer.Limits(16, 16, 60), PeerMeters.none(), s -> { })
        .listen("127.0.0.1", 0).await();
    JsonObject seeder = new JsonObject().put("peerId", "seeder").put("name", "seeder").put("host", "127.0.0.1")
        .put("port", seederPort);

    JsonObject liar = liar(vertx, manifest);
    DownloadProgress download = new DownloadProgress("d1", manifest.fileId(), "big.bin", data.length);
    Promise<Path> done = Promise.promise();
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    vertx.getOrCreateContext().runOnContext(v -> TestSwarms.swarm(vertx, new ChunkBuffers(64 << 20), download, List.of(liar, seeder),
        new DownloadSettings(4, 32, 2_000, 3, 20, 1), parts, downloads).run().subscribe(shared -> done.complete(shared.path()), done::fail));
    Path path = done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertArrayEquals(data, Files.readAllBytes(path));
    JsonObject liarStats = download.sourcesJson().stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("name").equals("liar")).findFirst().orElseThrow();
    assertEquals(0, liarStats.getInteger("chunks"), "not one chunk of the liar's was taken");
    assertEquals(true, liarStats.getBoolean("dropped"), liarStats.encode());
  }
}
