package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/** The chunk server over real sockets: what it sends, what it refuses, and that one bad client stays alone. */
@ExtendWith(VertxExtension.class)
class ChunkServerTest {
  private static final int CHUNK = 16 * 1024;

  @TempDir
  Path dir;

  private byte[] data;
  private Manifest manifest;
  private int port;
  private final List<String> stale = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ChunkBuffers buffers = new ChunkBuffers(64 << 20);
  private io.vertx.core.Context context;

  @BeforeEach
  void serve(Vertx vertx) throws Exception {
    data = new byte[CHUNK * 5 + 11];
    new Random(3).nextBytes(data);
    Files.write(dir.resolve("file.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(dir), CHUNK, 10).scan(Map.of()));
    manifest = index.files().iterator().next().manifest();
    port = new ChunkServer(vertx, index, new ChunkServer.Limits(4, 4, 60), p2pshare.peer.PeerMeters.none(),
        file -> stale.add(file.fileId())).listen("127.0.0.1", 0).await();
  }

  private PeerConnection connect(Vertx vertx) throws Exception {
    context = vertx.getOrCreateContext();
    return await(onContext(() -> PeerConnection.connect(vertx, vertx.createNetClient(), "127.0.0.1", port, "test",
        5_000, buffers)));
  }

  /** Runs a call on the connection's event loop, as its owner would. */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }

  /** A chunk's bytes, copied out of the pooled buffer, which goes back to the pool. */
  private Future<Buffer> chunk(PeerConnection connection, String fileId, int index) {
    return onContext(() -> connection.chunk(fileId, index).future().map(pooled -> {
      byte[] bytes = new byte[pooled.remaining()];
      pooled.get(bytes);
      buffers.give(pooled);
      return Buffer.buffer(bytes);
    }));
  }

  @Test
  void pipelinedChunkRequestsAreAnsweredInOrderWithTheRightBytes(Vertx vertx) throws Exception {
    PeerConnection connection = connect(vertx);
    List<Future<Buffer>> replies = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < manifest.chunkCount(); i++) {
        replies.add(chunk(connection, manifest.fileId(), i));
      }
    }
    for (int r = 0; r < replies.size(); r++) {
      int i = r % manifest.chunkCount();
      byte[] expected = Arrays.copyOfRange(data, (int) manifest.offset(i), (int) manifest.offset(i) + manifest.length(i));
      assertArrayEquals(expected, await(replies.get(r)).getBytes());
    }
    assertEquals(manifest, await(onContext(() -> connection.manifest(manifest.fileId()))).manifest());
  }

  @Test
  void unknownFilesAndChunksOutOfRangeGetErrorsAndTheConnectionStays(Vertx vertx) throws Exception {
    PeerConnection connection = connect(vertx);
    assertEquals("unknown-file", failure(onContext(() -> connection.manifest("f".repeat(64)))).code().wire());
    assertEquals("unknown-file", failure(chunk(connection, "f".repeat(64), 0)).code().wire());
    assertEquals("bad-index", failure(chunk(connection, manifest.fileId(), manifest.chunkCount())).code().wire());
    assertEquals("bad-index", failure(chunk(connection, manifest.fileId(), -1)).code().wire());
    assertEquals("bad-request", failure(chunk(connection, "../../etc/passwd", 0)).code().wire());
    assertTrue(connection.isOpen());
    assertEquals(manifest.length(0), await(chunk(connection, manifest.fileId(), 0)).length());
  }

  @Test
  void aFileChangedOrDeletedAfterIndexingIsRefusedNotServed(Vertx vertx) throws Exception {
    PeerConnection connection = connect(vertx);
    Path file = dir.resolve("file.bin");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(file).toMillis() + 10_000));
    assertEquals("unavailable", failure(chunk(connection, manifest.fileId(), 0)).code().wire());
    assertEquals(List.of(manifest.fileId()), stale);
    Files.delete(file);
    assertEquals("unavailable", failure(chunk(connection, manifest.fileId(), 1)).code().wire());
    assertTrue(connection.isOpen(), "an error frame, not a hang or a closed connection");
  }

  @Test
  void aFileReplacedByAnotherWithTheSameSizeAndMtimeIsRefused(Vertx vertx) throws Exception {
    PeerConnection connection = connect(vertx);
    Path file = dir.resolve("file.bin");
    FileTime mtime = Files.getLastModifiedTime(file);
    Path other = Files.write(dir.resolve(".other"), new byte[data.length]);
    Files.setLastModifiedTime(other, mtime);
    Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
    assertEquals(data.length, Files.size(file));
    assertEquals(mtime.toMillis(), Files.getLastModifiedTime(file).toMillis());

    assertEquals("unavailable", failure(connection.chunk(manifest.fileId(), 0).future()).code().wire());
    assertEquals(List.of(manifest.fileId()), stale);
    assertTrue(connection.isOpen());
  }

  @Test
  void aSymbolicLinkPutInPlaceOfTheFileIsRefusedEvenWhenItLeadsToTheSameFile(Vertx vertx) throws Exception {
    PeerConnection connection = connect(vertx);
    Path file = dir.resolve("file.bin");
    Path moved = Files.move(file, dir.resolve(".moved"));
    Files.createSymbolicLink(file, moved);

    assertEquals("unavailable", failure(connection.chunk(manifest.fileId(), 0).future()).code().wire());
    assertEquals(List.of(manifest.fileId()), stale);
    assertTrue(connection.isOpen());
  }

  @Test
  void anOversizedFrameClosesOnlyThatConnection(Vertx vertx) throws Exception {
    PeerConnection good = connect(vertx);
    NetClient client = vertx.createNetClient();
    NetSocket evil = await(client.connect(port, "127.0.0.1"));
    Promise<Void> closed = Promise.promise();
    evil.closeHandler(v -> closed.complete());
    evil.write(Buffer.buffer().appendInt(Integer.MAX_VALUE).appendString("xxxx"));
    await(closed.future());
    assertEquals(manifest.length(1), await(chunk(good, manifest.fileId(), 1)).length());
    await(client.close());
  }

  @Test
  void garbageGetsAnErrorAndTheConnectionIsClosed(Vertx vertx) throws Exception {
    NetClient client = vertx.createNetClient();
    NetSocket raw = await(client.connect(port, "127.0.0.1"));
    Promise<Buffer> received = Promise.promise();
    Buffer all = Buffer.buffer();
    raw.handler(all::appendBuffer);
    raw.closeHandler(v -> received.complete(all));
    raw.write(Buffer.buffer().appendInt(6).appendByte(Frames.JSON).appendString("[1,2]"));
    Buffer reply = await(received.future());
    await(client.close());
    JsonObject error = Frames.jsonOf(reply.slice(4, reply.length()));
    assertEquals("error", error.getString("type"));
  }

  @Test
  void connectionsBeyondTheLimitAreClosed(Vertx vertx) throws Exception {
    for (int i = 0; i < 4; i++) {
      PeerConnection served = connect(vertx); // its hello was answered: the connection is being served
      await(onContext(() -> served.manifest(manifest.fileId())));
    }
    context = vertx.getOrCreateContext();
    assertEquals("closed", failure(onContext(() -> PeerConnection.connect(vertx, vertx.createNetClient(),
        "127.0.0.1", port, "fifth", 5_000, buffers))).code().wire());
  }

  private static ProtocolException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (java.util.concurrent.ExecutionException e) {
      return (ProtocolException) e.getCause();
    }
    throw new AssertionError("expected a failure");
  }
}
