package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import p2pshare.peer.PeerMeters;
import p2pshare.peer.share.ShareIndex;
import p2pshare.peer.share.SharedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves manifests and chunks of the files in the {@link ShareIndex} to other peers (peer wire protocol). Chunks
 * are sent with {@code sendFile}, so their bytes go from the page cache to the socket without passing through the
 * heap. At most {@code maxConnections} connections are served at once; more are closed on arrival.
 */
public final class ChunkServer {
  private static final Logger log = LoggerFactory.getLogger(ChunkServer.class);

  private final Vertx vertx;
  private final ShareIndex index;
  private final int maxConnections;
  private final int maxConnectionsPerIp;
  private final int idleTimeoutSeconds;
  private final Map<String, Integer> perIp = new HashMap<>();
  private final Consumer<SharedFile> onStale;
  private final PeerMeters meters;
  private NetServer server;

  /**
   * @param maxConnections connections served at once
   * @param maxConnectionsPerIp connections from one address served at once
   * @param idleTimeoutSeconds a connection with no traffic for this long is closed
   */
  public record Limits(int maxConnections, int maxConnectionsPerIp, int idleTimeoutSeconds) {
  }

  private volatile int connections;

  /**
   * @param onStale told when a shared file no longer looks as it did when it was indexed (changed or deleted)
   */
  public ChunkServer(Vertx vertx, ShareIndex index, Limits limits, PeerMeters meters, Consumer<SharedFile> onStale) {
    this.meters = meters;
    this.onStale = onStale;
    this.maxConnectionsPerIp = limits.maxConnectionsPerIp();
    this.idleTimeoutSeconds = limits.idleTimeoutSeconds();
    this.vertx = vertx;
    this.index = index;
    this.maxConnections = limits.maxConnections();
  }

  /** Listens and returns the bound port. */
  public Future<Integer> listen(String host, int port) {
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setSendBufferSize(1024 * 1024)
        .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS));
    server.connectHandler(this::accept);
    return server.listen(port, host)
        .recover(e -> Future.failedFuture("cannot listen on " + host + ":" + port + ": " + e.getMessage()))
        .map(NetServer::actualPort);
  }

  public int connections() {
    return connections;
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (connections >= maxConnections || perIp.getOrDefault(ip, 0) >= maxConnectionsPerIp) {
      log.debug("refusing {}: {} connections already, {} from that address", socket.remoteAddress(), connections,
          perIp.getOrDefault(ip, 0));
      socket.close();
      return;
    }
    connections++;
    perIp.merge(ip, 1, Integer::sum);
    socket.closeHandler(v -> {
      connections--;
      perIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
    });
    new ChunkSession(vertx, socket, index, meters, onStale);
  }
}
