package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.Manifest;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.SharedFile;
import p2pshare.peer.wire.PeerWire;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.FrameServer;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcServer;
import p2pshare.tls.NetworkTls;

/**
 * Serves manifests and chunks of the files in the {@link ShareIndex} to other peers (peer wire protocol). Chunks
 * are sent with {@code sendFile}, so their bytes go from the page cache to the socket without passing through the
 * heap. At most {@code maxConnections} connections are served at once; more are closed on arrival. With an upload
 * limit, chunks wait for their turn in one {@link UploadPacer} shared by all connections.
 */
public final class ChunkServer {
  private final Vertx vertx;
  private final ShareIndex index;
  private final Limits limits;
  private final String name;
  private static final int MAX_SUPER_SEEDS = 1000;
  private final Map<String, SuperSeed> superSeeds = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, SuperSeed> eldest) {
      return size() > MAX_SUPER_SEEDS;
    }
  };
  private final Consumer<SharedFile> onStale;
  private final PeerMeters meters;
  private final UploadPacer pacer;
  private final ChunkRecheck recheck;
  private Consumer<SharedFile> onCorrupt = file -> { };
  private NetworkTls tls = NetworkTls.open();
  private FrameServer server;
  private String handOffType;
  private FrameServer.HandOff handOff;

  /**
   * @param maxConnections connections served at once
   * @param maxConnectionsPerIp connections from one address served at once
   * @param idleTimeoutSeconds a connection with no traffic for this long is closed
   */
  public record Limits(int maxConnections, int maxConnectionsPerIp, int idleTimeoutSeconds) {
  }

  /**
   * @param onStale told when a shared file no longer looks as it did when it was indexed (changed or deleted)
   */
  public ChunkServer(Vertx vertx, ShareIndex index, Limits limits, PeerMeters meters, Consumer<SharedFile> onStale) {
    this(vertx, "peer", index, limits, UploadSettings.NONE, meters, onStale);
  }

  /** @param name this node's name, given in the hello */
  public ChunkServer(Vertx vertx, String name, ShareIndex index, Limits limits, PeerMeters meters,
      Consumer<SharedFile> onStale) {
    this(vertx, name, index, limits, UploadSettings.NONE, meters, onStale);
  }

  /**
   * @param name this node's name, given in the hello
   * @param upload the node's upload limit, shared fairly between the peers that download from it
   */
  public ChunkServer(Vertx vertx, String name, ShareIndex index, Limits limits, UploadSettings upload,
      PeerMeters meters, Consumer<SharedFile> onStale) {
    this.pacer = new UploadPacer(vertx, upload.maxBytesPerSecond());
    this.meters = meters;
    this.name = name;
    this.onStale = onStale;
    this.limits = limits;
    this.vertx = vertx;
    this.index = index;
    this.recheck = new ChunkRecheck(vertx, file -> onCorrupt.accept(file));
  }

  /**
   * Told of a shared file whose chunk, reported bad by a downloader, no longer matches its hash on this node's disk
   * ({@link ChunkRecheck}): the node should stop offering it and index it again.
   */
  public ChunkServer corruptionHandler(Consumer<SharedFile> handler) {
    this.onCorrupt = handler;
    return this;
  }

  /** The network this server serves (TLS, and who may fetch); open by default. Set before {@link #listen}. */
  public ChunkServer tls(NetworkTls tls) {
    this.tls = tls;
    return this;
  }

  /**
   * Connections that begin with a message of {@code type} go to {@code taker} instead of being served (the reversed
   * connections this node asked for as a downloader). Set before {@link #listen}.
   */
  public ChunkServer handOff(String type, FrameServer.HandOff taker) {
    this.handOffType = type;
    this.handOff = taker;
    return this;
  }

  /** Serves a connection this node opened to a downloader (connection reversal) as an accepted one. */
  public void serveDialled(NetSocket socket) {
    if (server == null) {
      socket.close();
      return;
    }
    server.serveDialled(socket);
  }

  /** Listens and returns the bound port. */
  public Future<Integer> listen(String host, int port) {
    server = new FrameServer(vertx, tls, new FrameServer.Settings("chunk server", "this node", name,
        limits.maxConnections(), limits.maxConnectionsPerIp(),
        new FrameChannel.Limits(PeerWire.MAX_REQUEST_FRAME, 0, 0), PeerWire.MAX_PIPELINED), this::serve);
    if (handOff != null) {
      server.handOff(handOffType, handOff);
    }
    return server.listen(new NetServerOptions().setTcpNoDelay(true).setSendBufferSize(1024 * 1024)
        .setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS), host, port);
  }

  public int connections() {
    return server == null ? 0 : server.connections();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The hand-out record of a complete file; the oldest are forgotten beyond {@link #MAX_SUPER_SEEDS} files. */
  private SuperSeed superSeed(Manifest manifest) {
    return superSeeds.computeIfAbsent(manifest.fileId(), id -> new SuperSeed(manifest.chunkCount()));
  }

  private Handler<ProtocolException> serve(RpcServer connection, NetSocket socket) {
    ChunkSession session = new ChunkSession(connection, index, pacer, meters, onStale, this::superSeed,
        recheck);
    return why -> session.closed();
  }
}
