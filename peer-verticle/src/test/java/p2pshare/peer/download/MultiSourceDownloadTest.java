package p2pshare.peer.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.testkit.Poll;

/** The swarm engine against real chunk servers on loopback, without a tracker. */
@ExtendWith(VertxExtension.class)
class MultiSourceDownloadTest {
  private static final int CHUNK = 64 * 1024;
  private static final DownloadSettings SETTINGS = new DownloadSettings(4, 32, 2_000, 3, 10, 3);

  @TempDir
  Path dir;

  private byte[] data;

  private JsonObject seeder(Vertx vertx, String name) throws Exception {
    Path share = Files.createDirectories(dir.resolve(name));
    Files.write(share.resolve("big.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(share), CHUNK, 10).scan(Map.of()));
    int port = new ChunkServer(vertx, index, new ChunkServer.Limits(16, 16, 60), PeerMeters.none(), stale -> { }).listen("127.0.0.1", 0).await();
    return new JsonObject().put("peerId", name).put("name", name).put("host", "127.0.0.1").put("port", port);
  }

  private String fileId() throws Exception {
    Path tmp = Files.write(dir.resolve("reference"), data);
    String id = p2pshare.peer.share.ManifestBuilder.build(tmp, "big.bin", CHUNK).fileId();
    Files.delete(tmp);
    return id;
  }

  private record Result(DownloadProgress download, Path path) {
  }

  private Result download(Vertx vertx, String fileId, List<JsonObject> peers) throws Exception {
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    Path parts = Files.createDirectories(dir.resolve("parts"));
    DownloadProgress download = new DownloadProgress("d1", fileId, "big.bin", data.length);
    Promise<Path> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> {
      TestSwarms.swarm(vertx, new ChunkBuffers(64 << 20), download, peers, SETTINGS, parts, downloads).run()
          .subscribe(shared -> done.complete(shared.path()), done::fail);
    });
    Path path = done.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try (var stream = Files.list(parts)) {
      assertEquals(0, stream.count(), "no part file is left behind");
    }
    return new Result(download, path);
  }

  @Test
  void threeSeedersEachServeChunksAndTheBytesAreIdentical(Vertx vertx) throws Exception {
    data = new byte[8 * 1024 * 1024 + 123];
    new Random(7).nextBytes(data);
    List<JsonObject> peers = List.of(seeder(vertx, "s1"), seeder(vertx, "s2"), seeder(vertx, "s3"));

    Result result = download(vertx, fileId(), peers);

    assertArrayEquals(data, Files.readAllBytes(result.path()));
    assertEquals("big.bin", result.path().getFileName().toString());
    JsonArray sources = result.download().sourcesJson();
    int chunks = 0;
    for (int i = 0; i < sources.size(); i++) {
      assertTrue(sources.getJsonObject(i).getInteger("chunks") > 0, "every seeder served: " + sources);
      chunks += sources.getJsonObject(i).getInteger("chunks");
    }
    assertEquals(Manifest.chunkCount(data.length, CHUNK), chunks);
    assertEquals(data.length, result.download().bytesDone());
  }

  @Test
  void aTakenNameGetsANumberAndTheExistingFileIsUntouched(Vertx vertx) throws Exception {
    data = new byte[300_000];
    new Random(8).nextBytes(data);
    List<JsonObject> peers = List.of(seeder(vertx, "s1"));
    Path downloads = Files.createDirectories(dir.resolve("downloads"));
    Files.writeString(downloads.resolve("big.bin"), "mine");

    Result result = download(vertx, fileId(), peers);

    assertEquals("big (1).bin", result.path().getFileName().toString());
    assertEquals("mine", Files.readString(downloads.resolve("big.bin")));
    assertArrayEquals(data, Files.readAllBytes(result.path()));
  }

  @Test
  void corruptChunksAreRejectedAndFetchedFromAnotherSource(Vertx vertx) throws Exception {
    data = new byte[2 * 1024 * 1024];
    new Random(9).nextBytes(data);
    JsonObject bad = seeder(vertx, "bad");
    // Change bytes on disk after indexing, keeping size and mtime so the server does not notice: the bad seeder
    // now serves chunks that do not match the manifest.
    Path badFile = dir.resolve("bad").resolve("big.bin");
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(badFile);
    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("bad").resolve("big.bin").toFile(), "rw")) {
      for (long pos = 0; pos < data.length; pos += CHUNK) {
        raf.seek(pos + 10);
        raf.write(0x5a ^ data[(int) pos + 10]);
      }
      raf.getFD().sync();
    }
    Files.setLastModifiedTime(badFile, mtime);
    List<JsonObject> peers = new ArrayList<>(List.of(bad, seeder(vertx, "good")));

    Result result = download(vertx, fileId(), peers);

    assertArrayEquals(data, Files.readAllBytes(result.path()));
    JsonObject badStats = result.download().sourcesJson().getJsonObject(0);
    assertEquals("bad", badStats.getString("name"));
    assertEquals(0, badStats.getInteger("chunks"));
    assertTrue(badStats.getInteger("badChunks") > 0);
    assertTrue(badStats.getBoolean("dropped"), "a source that keeps sending bad data is dropped");
  }

  @Test
  void anUnreachableSourceIsDroppedAndTheOthersFinish(Vertx vertx) throws Exception {
    data = new byte[1024 * 1024];
    new Random(10).nextBytes(data);
    JsonObject dead = new JsonObject().put("peerId", "dead").put("name", "dead").put("host", "127.0.0.1")
        .put("port", 1);
    Result result = download(vertx, fileId(), List.of(dead, seeder(vertx, "alive")));

    assertArrayEquals(data, Files.readAllBytes(result.path()));
    assertFalse(result.download().sourcesJson().getJsonObject(0).getInteger("chunks") > 0);
  }

  /** A source that sends the manifest and then never answers a chunk request. */
  private static JsonObject stuckSource(Vertx vertx, Manifest manifest) throws Exception {
    int port = vertx.createNetServer().connectHandler(socket -> {
      p2pshare.protocol.RpcServer connection = new p2pshare.protocol.RpcServer(new p2pshare.protocol.FrameChannel(
          vertx, socket, new p2pshare.protocol.FrameChannel.Limits(65536, 0, 0)), 32).serveHello("stuck");
      connection.requestHandler(request -> "manifest".equals(request.getString("type"))
          ? connection.send(new JsonObject().put("type", "manifest").put("id", request.getInteger("id"))
              .put("manifest", manifest.toJson()))
          : io.vertx.core.Promise.<Void>promise().future());
    }).listen(0, "127.0.0.1").await().actualPort();
    return new JsonObject().put("peerId", "stuck").put("name", "stuck").put("host", "127.0.0.1").put("port", port);
  }

  @Test
  void inTheEndGameASlowSourceCannotHoldTheFileBack(Vertx vertx) throws Exception {
    data = new byte[4 * CHUNK];
    new Random(12).nextBytes(data);
    JsonObject good = seeder(vertx, "good");
    Manifest manifest = p2pshare.peer.share.ManifestBuilder.build(dir.resolve("good").resolve("big.bin"), "big.bin",
        CHUNK);
    // The stuck source is never cut off (a minute of patience): only asking another source can finish in time.
    DownloadSettings patient = new DownloadSettings(4, 32, 60_000, 3, 10, 3, 0, 1000, 30_000, 100);
    Path parts = Files.createDirectories(dir.resolve("parts"));
    DownloadProgress download = new DownloadProgress("d1", manifest.fileId(), "big.bin", data.length);
    JsonObject stuck = stuckSource(vertx, manifest);
    Promise<Path> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> TestSwarms.swarm(vertx, new ChunkBuffers(64 << 20), download, List.of(stuck, good), patient, parts, dir).run().subscribe(shared -> done.complete(shared.path()), done::fail));

    Path path = done.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

    assertArrayEquals(data, Files.readAllBytes(path));
    JsonObject stuckStats = download.sourcesJson().getJsonObject(0);
    assertEquals(0, stuckStats.getInteger("chunks"));
  }

  @Test
  void aStoppedDownloadKeepsItsPartFileUntilDiscarded(Vertx vertx) throws Exception {
    data = new byte[4 * CHUNK];
    new Random(11).nextBytes(data);
    Path reference = Files.write(dir.resolve("reference"), data);
    Manifest manifest = p2pshare.peer.share.ManifestBuilder.build(reference, "big.bin", CHUNK);
    JsonObject stuck = stuckSource(vertx, manifest);
    Path parts = Files.createDirectories(dir.resolve("parts"));
    Path part = parts.resolve(manifest.fileId() + ".part");
    DownloadProgress download = new DownloadProgress("d1", manifest.fileId(), "big.bin", data.length);
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Promise<SwarmDownload> started = Promise.promise();
    Promise<io.reactivex.rxjava3.disposables.Disposable> running = Promise.promise();
    context.runOnContext(v -> {
      SwarmDownload transfer = TestSwarms.swarm(vertx, new ChunkBuffers(64 << 20), download, List.of(stuck), SETTINGS, parts, dir);
      started.complete(transfer);
      running.complete(transfer.run().subscribe());
    });
    SwarmDownload transfer = started.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    awaitTrue(vertx, () -> Files.exists(part));

    context.runOnContext(v -> running.future().result().dispose());
    awaitTrue(vertx, () -> Files.exists(parts.resolve(manifest.fileId() + ".bitmap")));
    assertTrue(Files.exists(part), "kept for a resume");
    assertTrue(Files.exists(parts.resolve(manifest.fileId() + ".manifest.json")));

    Promise<Void> discarded = Promise.promise();
    context.runOnContext(v -> transfer.discard().onComplete(discarded));
    discarded.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    try (var stream = Files.list(parts)) {
      assertEquals(0, stream.count(), "the part file, its bitmap and manifest are gone");
    }
    assertFalse(Files.exists(dir.resolve("big.bin")));
  }

  /** Checks a condition every 20 ms for at most 5 s. */
  private static void awaitTrue(Vertx vertx, java.util.function.BooleanSupplier condition) throws Exception {
    Poll.until(vertx, condition, 20, 5, "met");
  }

  @Test
  void anEmptyFileDownloads(Vertx vertx) throws Exception {
    data = new byte[0];
    Result result = download(vertx, fileId(), List.of(seeder(vertx, "s1")));
    assertEquals(0, Files.size(result.path()));
  }
}
