package p2pshare.peer;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.download.DownloadSettings;
import p2pshare.peer.download.DownloadWarmUp;
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
 * Sends chunks through the node's own chunk path at start, so that the JIT has compiled it before the first real
 * transfer: a chunk server of its own on 127.0.0.1 (not the node's, and offering nothing but this) serves small
 * sparse files of zeros. First a downloader connection asks for {@link #TRANSFERS} large chunks and hashes each as a
 * download does (the paths each byte takes); then the download flow itself fetches a file of small chunks
 * {@link #FLOW_ROUNDS} times ({@link DownloadWarmUp}: the paths each chunk takes). In a private network both ends use
 * the node's own certificate, so the TLS path (reading, encrypting, decrypting) is the one warmed.
 *
 * <p>Bounded: {@link #TRANSFERS} chunks of {@link #CHUNK} over loopback, then {@link #FLOW_ROUNDS} downloads of
 * {@link #FLOW_SIZE} bytes, each deleted once published; the served files' holes take no disk, and they are deleted
 * at the end. Nothing of it reaches the tracker, the metrics or the node's share index. A failure only costs the
 * warm-up.
 */
final class ChunkPathWarmUp {
  private static final Logger log = LoggerFactory.getLogger(ChunkPathWarmUp.class);
  static final int CHUNK = 1024 * 1024;
  static final int FILE_CHUNKS = 4;
  static final int TRANSFERS = 256;
  static final int FLOW_CHUNK = Manifest.MIN_CHUNK_SIZE;
  static final int FLOW_SIZE = 4 * 1024 * 1024;
  static final int FLOW_ROUNDS = 8;
  private static final int IN_FLIGHT = 4;
  private static final String PREFIX = "warm-up";
  private static final String SUFFIX = ".bin";

  private final Vertx vertx;
  private final Path dir;
  private final NetworkTls tls;
  private final String name;
  private final DownloadSettings settings;
  private ChunkServer server;
  private NetClient client;
  private PeerConnection connection;
  private Path file;
  private Path flowFile;
  private ChunkBuffers buffers;
  private Manifest manifest;
  private Manifest flow;
  private int port;
  private int asked;
  private int done;

  private ChunkPathWarmUp(Vertx vertx, Path dir, NetworkTls tls, String name, DownloadSettings settings) {
    this.vertx = vertx;
    this.dir = dir;
    this.tls = tls;
    this.name = name;
    this.settings = settings;
  }

  /**
   * Runs it in {@code dir}, which it leaves as it found it, in the node's network (over TLS with its certificate,
   * named {@code name}, when {@code tls} is on), downloading with the node's {@code settings}; completes with the
   * chunks that went through and were verified ({@link #expected} when all went well). Never fails: a failure is
   * logged and ends it.
   */
  static Future<Integer> run(Vertx vertx, Path dir, NetworkTls tls, String name, DownloadSettings settings) {
    ChunkPathWarmUp warmUp = new ChunkPathWarmUp(vertx, dir, tls, name, settings);
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
      ShareIndex index = new ShareIndex();
      file = sparseFile((long) CHUNK * FILE_CHUNKS);
      manifest = ManifestBuilder.build(file, file.getFileName().toString(), CHUNK);
      index.add(new SharedFile(file, FileIdentity.of(file), manifest));
      flowFile = sparseFile(FLOW_SIZE);
      flow = ManifestBuilder.build(flowFile, flowFile.getFileName().toString(), FLOW_CHUNK);
      index.add(new SharedFile(flowFile, FileIdentity.of(flowFile), flow));
      return index;
    }, false).compose(index -> {
      // Two connections: the flow's may open while the first is still closing.
      server = new ChunkServer(vertx, name, index, new ChunkServer.Limits(2, 2, 30), PeerMeters.none(),
          stale -> { }).tls(tls);
      return server.listen("127.0.0.1", 0);
    }).compose(port -> {
      this.port = port;
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
    }).compose(v -> {
      connection.close();
      JsonObject source = new JsonObject().put("peerId", name).put("name", name).put("host", "127.0.0.1")
          .put("port", port).put("size", flow.size());
      return DownloadWarmUp.run(vertx, tls, name, settings, dir, source, flow, FLOW_ROUNDS);
    }).onSuccess(flowed -> done += flowed).mapEmpty();
  }

  /** The chunks a warm-up that went well verifies. */
  static int expected() {
    return TRANSFERS + FLOW_ROUNDS * (FLOW_SIZE / FLOW_CHUNK);
  }

  /** A file of {@code size} zeros in {@code dir}, all holes. */
  private Path sparseFile(long size) throws IOException {
    Path created = Files.createTempFile(dir, PREFIX, SUFFIX);
    try (RandomAccessFile sparse = new RandomAccessFile(created.toFile(), "rw")) {
      sparse.setLength(size);
    }
    return created;
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
      for (Path served : new Path[] {file, flowFile}) {
        if (served != null) {
          Files.deleteIfExists(served);
        }
      }
      return null;
    }, false)).<Void>mapEmpty().recover(e -> {
      log.debug("chunk path warm-up left {} behind: {}", file, e.toString());
      return Future.succeededFuture();
    });
  }
}
