package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.tracker.TrackerConfig;
import p2pshare.tracker.registry.PeerDirectory;

/**
 * The tracker's TCP front: accepts peer connections, owns the peer directory and expires silent peers.
 * Takes a {@link TrackerConfig} as its config; the shards must already be deployed.
 */
public final class TrackerServerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerServerVerticle.class);

  private NetServer server;
  private Membership membership;
  private RequestHandler handler;
  private TrackerConfig settings;
  private int connections;
  private long expiryTimer = -1;
  private volatile int actualPort = -1;

  @Override
  public Future<?> start() {
    settings = TrackerConfig.from(config());
    ShardClient shards = new ShardClient(vertx, settings.shards());
    membership = new Membership(new PeerDirectory(System::currentTimeMillis), shards,
        settings.peerTimeoutSeconds(), settings.maxFilesPerPeer());
    handler = new RequestHandler(membership, shards, settings.maxFilesPerPeer());
    // Check a few times per timeout, and at least every second, so a peer expires at most ~1 s late.
    long every = Math.min(1000L, settings.peerTimeoutSeconds() * 1000L / 4);
    expiryTimer = vertx.setPeriodic(every, id -> membership.expireSilent());
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(settings.port(), settings.host())
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e)))
        .onSuccess(s -> actualPort = s.actualPort());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(expiryTimer);
    return server.close();
  }

  /** The port the server is bound to (useful when configured with 0), or -1 before it listens. */
  public int actualPort() {
    return actualPort;
  }

  private void accept(NetSocket socket) {
    if (connections >= settings.maxConnections()) {
      LOG.warn("refusing {}: already {} connections", socket.remoteAddress(), connections);
      socket.close();
      return;
    }
    connections++;
    new PeerSession(socket, settings.maxFrameBytes(), handler, session -> {
      connections--;
      membership.closed(session);
    });
  }
}
