package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.serve.ChunkServer;
import p2pshare.peer.share.FileIdentity;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ManifestBuilder;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.wire.ChunkBuffers;
import p2pshare.peer.wire.PeerConnection;
import p2pshare.peer.wire.PeerDialer;
import p2pshare.tls.NetworkTls;

/**
 * Sends chunks through the node's own chunk path once, at start, so that the JIT has compiled it before the first
 * real transfer: a chunk server of its own on 127.0.0.1 (not the node's, and offering nothing but this) serves a
 * small sparse file of zeros to a downloader connection, which hashes every chunk as a download does. In a private
 * network both ends use the node's own certificate, so the TLS path (reading, encrypting, decrypting) is the one
 * warmed.
 *
 * <p>Bounded: {@link #TRANSFERS} chunks over loopback, {@link #FILE_CHUNKS} of them in the file (its holes take no
 * disk), a few in flight; nothing is written but that file, which is deleted at the end. Nothing of it reaches the
 * tracker, the metrics or the node's share index. A failure only costs the warm-up.
 */
final class ChunkPathWarmUp {
  private static final Logger log = LoggerFactory.getLogger(ChunkPathWarmUp.class);
  static final int CHUNK = 1024 * 1024;
  static final int FILE_CHUNKS = 4;
  static final int TRANSFERS = 256;
  private static final int IN_FLIGHT = 4;
  private static final String PREFIX = "warm-up";
  private static final String SUFFIX = ".bin";

  private final Vertx vertx;
  private final Path dir;
  private final NetworkTls tls;
  private final String name;
  private ChunkServer server;
  private NetClient client;
  private PeerConnection connection;
  private Path file;
  private ChunkBuffers buffers;
  private Manifest manifest;
  private int asked;
  private int done;

  private ChunkPathWarmUp(Vertx vertx, Path dir, NetworkTls tls, String name) {
    this.vertx = vertx;
    this.dir = dir;
    this.tls = tls;
    this.name = name;
  }

  /**
   * Runs it in {@code dir}, which it leaves as it found it, in the node's network (over TLS with its certificate,
   * named {@code name}, when {@code tls} is on); completes with the chunks that went through and were verified
   * ({@link #TRANSFERS} when all went well). Never fails: a failure is logged and ends it.
   */
  static Future<Integer> run(Vertx vertx, Path dir, NetworkTls tls, String name) {
    ChunkPathWarmUp warmUp = new ChunkPathWarmUp(vertx, dir, tls, name);
    long start = System.nanoTime();
    return warmUp.start()
        .onSuccess(v -> log.debug("chunk path warmed up in {} ms", (System.nanoTime() - start) / 1_000_000))
        .onFailure(e -> log.debug("chunk path warm-up stopped after {} chunks: {}", warmUp.done, e.toString()))
        .transform(ended -> warmUp.cleanUp())
        .map(v -> warmUp.done);
  }

  private Future<Void> start() {
    return vertx.executeBlocking(() -> {
      // A node killed during its warm-up left its file: the next one removes it.
      try (DirectoryStream<Path> left = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
        for (Path old : left) {
          Files.deleteIfExists(old);
        }
      }
      file = Files.createTempFile(dir, PREFIX, SUFFIX);
      try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
        sparse.setLength((long) CHUNK * FILE_CHUNKS);
      }
      manifest = ManifestBuilder.build(file, file.getFileName().toString(), CHUNK);
      ShareIndex index = new ShareIndex();
      index.add(new SharedFile(file, FileIdentity.of(file), manifest));
      return index;
    }, false).compose(index -> {
      server = new ChunkServer(vertx, name, index, new ChunkServer.Limits(1, 1, 30), PeerMeters.none(),
          stale -> { }).tls(tls);
      return server.listen("127.0.0.1", 0);
    }).compose(port -> {
      client = vertx.createNetClient(tls.client(new NetClientOptions()));
      buffers = new ChunkBuffers(32L << 20);
      return PeerConnection.connect(vertx, new PeerDialer(client, tls), "127.0.0.1", port,
          tls.enabled() ? name : null, name, 10_000, buffers);
    }).compose(c -> {
      connection = c;
      return c.manifest(manifest.fileId());
    }).compose(offer -> {
      Promise<Void> finished = Promise.promise();
      for (int i = 0; i < IN_FLIGHT; i++) {
        next(finished);
      }
      return finished.future();
    });
  }

  /** Asks for the next chunk; each answer is hashed on a worker as a download's are, then the next is asked. */
  private void next(Promise<Void> finished) {
    if (asked == TRANSFERS) {
      return;
    }
    int index = asked++ % FILE_CHUNKS;
    connection.chunk(manifest.fileId(), index).future()
        .compose(data -> vertx.executeBlocking(() -> ManifestBuilder.sha256Hex(data.duplicate()), false)
            .andThen(hashed -> buffers.give(data)))
        .onSuccess(hash -> {
          if (!hash.equals(manifest.chunks().get(index))) {
            finished.tryFail("chunk " + index + " came back wrong");
          } else if (++done == TRANSFERS) {
            finished.tryComplete();
          } else {
            next(finished);
          }
        })
        .onFailure(finished::tryFail);
  }

  /** Closes what it opened and deletes the file; never fails. */
  private Future<Void> cleanUp() {
    if (connection != null) {
      connection.close();
    }
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    if (client != null) {
      closed = closed.eventually(client::close);
    }
    return closed.eventually(() -> vertx.executeBlocking(() -> {
      if (file != null) {
        Files.deleteIfExists(file);
      }
      return null;
    }, false)).<Void>mapEmpty().recover(e -> {
      log.debug("chunk path warm-up left {} behind: {}", file, e.toString());
      return Future.succeededFuture();
    });
  }
}
