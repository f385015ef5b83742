package p2pshare.peer.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.ShareScanner;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;

/**
 * The node-wide upload limit over real sockets: it holds over several connections, it is shared fairly between
 * downloaders however hard each one asks, and the bytes sent are counted per downloader.
 */
@ExtendWith(VertxExtension.class)
class UploadLimitTest {
  private static final int MIB = 1024 * 1024;

  @TempDir
  Path dir;

  private final ChunkBuffers buffers = new ChunkBuffers(64 << 20);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Manifest manifest;
  private byte[] data;
  private int port;
  private Context context;

  /** Shares one file of {@code size} bytes in chunks of {@code chunkSize} with an upload limit. */
  private void serve(Vertx vertx, int size, int chunkSize, long maxBytesPerSecond) throws Exception {
    data = new byte[size];
    new Random(7).nextBytes(data);
    Files.write(dir.resolve("file.bin"), data);
    ShareIndex index = new ShareIndex();
    index.replaceAll(new ShareScanner(List.of(dir), chunkSize, 10).scan(Map.of()));
    manifest = index.files().iterator().next().manifest();
    port = new ChunkServer(vertx, "seeder", index, new ChunkServer.Limits(16, 16, 60),
        new UploadSettings(maxBytesPerSecond), PeerMeters.of(registry), file -> { }).listen("127.0.0.1", 0).await();
    context = vertx.getOrCreateContext();
  }

  @Test
  void theNodesUploadStaysUnderItsLimitOverSeveralConnections(Vertx vertx) throws Exception {
    int chunkSize = 256 * 1024;
    long limit = 2L * MIB;
    serve(vertx, 6 * MIB, chunkSize, limit);
    List<PeerConnection> connections = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      connections.add(connect(vertx, name));
    }

    long start = System.nanoTime();
    List<Future<ByteBuffer>> chunks = new ArrayList<>();
    for (int i = 0; i < manifest.chunkCount(); i++) {
      PeerConnection connection = connections.get(i % connections.size());
      int index = i;
      chunks.add(onContext(() -> connection.chunk(manifest.fileId(), index).future()));
    }
    long received = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ByteBuffer chunk = await(chunks.get(i));
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      buffers.give(chunk);
      assertArrayEquals(Arrays.copyOfRange(data, (int) manifest.offset(i), (int) manifest.offset(i) + bytes.length),
          bytes);
      received += bytes.length;
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    assertEquals(6 * MIB, received);
    // 6 MiB at 2 MiB/s is 3 s; one chunk may go at once, and 50 ms of unused rate carry over.
    assertTrue(seconds >= 2.5, "6 MiB at 2 MiB/s took only " + seconds + " s");
    assertTrue(seconds < 8, "6 MiB at 2 MiB/s took " + seconds + " s: the limit slows more than it should");
  }

  @Test
  void aGreedyDownloaderCannotStarveAModestOne(Vertx vertx) throws Exception {
    int chunkSize = 64 * 1024;
    long limit = 4L * MIB;
    serve(vertx, 4 * MIB, chunkSize, limit);
    List<PeerConnection> greedy = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      greedy.add(connect(vertx, "greedy"));
    }
    PeerConnection modest = connect(vertx, "modest");

    long target = 12L * MIB;
    Race race = new Race(target);
    long start = System.nanoTime();
    context.runOnContext(v -> {
      for (PeerConnection connection : greedy) {
        race.pump(connection, 8, race.greedy);
      }
      race.pump(modest, 4, race.modest);
    });
    await(race.done.future());
    double seconds = (System.nanoTime() - start) / 1e9;

    long greedyBytes = race.greedy.get();
    long modestBytes = race.modest.get();
    String rates = String.format("greedy %.2f MiB/s, modest %.2f MiB/s over %.2f s", greedyBytes / seconds / MIB,
        modestBytes / seconds / MIB, seconds);
    assertTrue(modestBytes * 2 >= greedyBytes && greedyBytes * 2 >= modestBytes, "not fair: " + rates);
    // 12 MiB at 4 MiB/s is 3 s, less one chunk and the 50 ms carried over.
    assertTrue(seconds >= 2.5, "over the limit: " + rates);

    Map<String, Double> byPeer = registry.find("p2p_upload_peer_bytes_total").counters().stream()
        .collect(Collectors.toMap(c -> c.getId().getTag("peer"), Counter::count));
    assertTrue(byPeer.get("greedy@127.0.0.1") >= greedyBytes, byPeer.toString());
    assertTrue(byPeer.get("modest@127.0.0.1") >= modestBytes, byPeer.toString());
    assertEquals(2, byPeer.size(), byPeer.toString());
  }

  /**
   * Downloaders that keep requests waiting on their connections, each counting what it receives, until all of them
   * together have received {@code target} bytes. Runs on the test's client context.
   */
  private final class Race {
    final AtomicLong greedy = new AtomicLong();
    final AtomicLong modest = new AtomicLong();
    final Promise<Void> done = Promise.promise();
    private final long target;
    private long total;
    private int next;

    Race(long target) {
      this.target = target;
    }

    void pump(PeerConnection connection, int depth, AtomicLong counter) {
      for (int i = 0; i < depth; i++) {
        ask(connection, counter);
      }
    }

    private void ask(PeerConnection connection, AtomicLong counter) {
      int index = next++ % manifest.chunkCount();
      connection.chunk(manifest.fileId(), index).future().onComplete(reply -> {
        if (reply.failed()) {
          done.tryFail(reply.cause());
          return;
        }
        int length = reply.result().remaining();
        buffers.give(reply.result());
        if (total >= target) {
          return;
        }
        counter.addAndGet(length);
        total += length;
        if (total >= target) {
          done.tryComplete();
        } else {
          ask(connection, counter);
        }
      });
    }
  }

  private PeerConnection connect(Vertx vertx, String name) throws Exception {
    return await(onContext(() -> PeerConnection.connect(vertx, vertx.createNetClient(), "127.0.0.1", port, name,
        5_000, buffers)));
  }

  /** Runs a call on the client's event loop, as its owner would. */
  private <T> Future<T> onContext(Supplier<Future<T>> call) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result));
    return result.future();
  }
}
