package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.HashCache;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.share.ShareWatcher;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.protocol.ProtocolException;

/**
 * A shared file that something else takes the place of after indexing, with the same size and mtime, is refused,
 * rescanned, and never served under the old fileId again: not on the request that notices it, and not after the
 * rescan either (the rescan must not trust size and mtime alone and give the old manifest to the new file).
 */
@ExtendWith(VertxExtension.class)
class SwappedSharedFilesTest {
  private static final int CHUNK = 16 * 1024;

  @TempDir
  Path dir;

  private Path share;
  private Path file;
  private byte[] original;
  private Manifest manifest;
  private ShareIndex index;
  private ShareWatcher watcher;
  private Context context;
  private int port;
  private final ChunkBuffers buffers = new ChunkBuffers(8 << 20);
  private final Promise<ShareIndex.Change> rescanned = Promise.promise();

  @BeforeEach
  void serve(Vertx vertx) throws Exception {
    share = Files.createDirectories(dir.resolve("share"));
    original = bytes(1, 3 * CHUNK + 7);
    file = Files.write(share.resolve("file.bin"), original);
    context = vertx.getOrCreateContext();
    index = new ShareIndex();
    // Rescans only when the chunk server asks for one, so the test sees the one that follows a refusal.
    watcher = new ShareWatcher(vertx, index, new ShareScanner(List.of(share), CHUNK, 10),
        new HashCache(dir.resolve("hash-cache.json")), 3_600_000, change -> {
          if (!change.removed().isEmpty()) {
            rescanned.tryComplete(change);
          }
        });
    await(onContext(watcher::start));
    manifest = index.files().iterator().next().manifest();
    port = await(onContext(() -> new ChunkServer(vertx, index, new ChunkServer.Limits(4, 4, 60), PeerMeters.none(),
        stale -> watcher.rescanNow()).listen("127.0.0.1", 0)));
  }

  @Test
  void aRegularFileMovedInPlaceWithTheSameSizeAndMtimeIsNeverServedUnderTheOldId(Vertx vertx) throws Exception {
    byte[] impostor = bytes(2, original.length);
    Path other = Files.write(share.resolve(".impostor"), impostor);
    Files.setLastModifiedTime(other, Files.getLastModifiedTime(file));
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);

    assertRefusedNowAndAfterTheRescan(vertx);
    Manifest rehashed = await(onContext(() -> Future.succeededFuture(index.files().iterator().next()))).manifest();
    assertEquals(ManifestBuilder.build(file, "file.bin", CHUNK).fileId(), rehashed.fileId(),
        "the new content is offered under its own fileId");
  }

  @Test
  void aSymbolicLinkToAFileOfTheSameSizeAndMtimeIsNeverFollowed(Vertx vertx) throws Exception {
    Path outside = Files.write(dir.resolve("outside.bin"), bytes(3, original.length));
    Files.setLastModifiedTime(outside, Files.getLastModifiedTime(file));
    Path link = share.resolve(".link");
    Files.createSymbolicLink(link, outside);
    Files.move(link, file, StandardCopyOption.REPLACE_EXISTING);

    assertRefusedNowAndAfterTheRescan(vertx);
    assertTrue(await(onContext(() -> Future.succeededFuture(index.files().isEmpty()))), "a link is not shared");
  }

  private void assertRefusedNowAndAfterTheRescan(Vertx vertx) throws Exception {
    PeerConnection connection = await(onContext(() -> PeerConnection.connect(vertx, vertx.createNetClient(),
        "127.0.0.1", port, "test", 5_000, buffers)));
    assertEquals("unavailable", failure(chunk(connection, 0)).code().wire());
    ShareIndex.Change change = await(rescanned.future());
    assertEquals(List.of(manifest.fileId()), change.removed().stream().map(f -> f.fileId()).toList(),
        "the rescan stops offering the old fileId");
    for (int i = 0; i < manifest.chunkCount(); i++) {
      assertEquals("unknown-file", failure(chunk(connection, i)).code().wire(), "chunk " + i);
    }
  }

  private Future<Buffer> chunk(PeerConnection connection, int chunk) {
    return onContext(() -> connection.chunk(manifest.fileId(), chunk).future().map(pooled -> {
      byte[] bytes = new byte[pooled.remaining()];
      pooled.get(bytes);
      buffers.give(pooled);
      return Buffer.buffer(bytes);
    }));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }

  private static byte[] bytes(int seed, int length) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static ProtocolException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return (ProtocolException) e.getCause();
    }
    throw new AssertionError("expected a failure, got bytes");
  }
}
