package p2pshare.tracker.reach;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcClient;
import p2pshare.protocol.tracker.Reachability;
import p2pshare.tls.NetworkTls;

/**
 * Dials a peer's chunk server back to learn whether other peers can (docs/protocol.md, "Reachability"): a
 * connection to the address the peer's own tracker connection comes from, at the port the peer gave, one
 * {@code hello}, then close. It never dials anywhere else, so nobody can aim it at a third party, and
 * {@link ProbeLimits} bounds how often and how many at once. In a private network the answer counts only from a
 * chunk server whose certificate names the peer. Runs on one event loop.
 */
public final class ReachabilityProbe {
  /** What a probe found, and why it failed (null when it did not). */
  public record Result(Reachability state, String why) {
  }

  /** Frames a chunk server's hello answer fits in many times over. */
  private static final int MAX_FRAME = 64 * 1024;

  private final Vertx vertx;
  private final NetClient client;
  private final NetworkTls tls;
  private final long timeoutMillis;
  private final ProbeLimits limits;

  /** @param timeoutMillis how long the connection, the handshake and the hello answer may take together */
  public ReachabilityProbe(Vertx vertx, NetworkTls tls, long timeoutMillis, ProbeLimits limits) {
    this.vertx = vertx;
    this.tls = tls;
    this.timeoutMillis = timeoutMillis;
    this.limits = limits;
    this.client = vertx.createNetClient(tls.client(new NetClientOptions()
        .setConnectTimeout((int) timeoutMillis).setTcpNoDelay(true)));
  }

  /**
   * Whether {@code host:port} answers as the peer {@code name}. Completes with {@link Reachability#UNKNOWN} when the
   * limits leave no room now; never fails.
   */
  public Future<Result> probe(String host, int port, String name) {
    Result known = limits.known(host, port);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String refused = limits.start(host);
    if (refused != null) {
      return Future.succeededFuture(new Result(Reachability.UNKNOWN, refused));
    }
    Promise<Result> result = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, t -> result.tryComplete(new Result(Reachability.BEHIND_NAT,
        "no answer within " + timeoutMillis + " ms")));
    client.connect(port, host).onComplete(connected -> {
      if (connected.failed()) {
        result.tryComplete(new Result(Reachability.BEHIND_NAT, connected.cause().getMessage()));
        return;
      }
      NetSocket socket = connected.result();
      String wrong = tls.checkSource(socket, name);
      if (wrong != null || result.future().isComplete()) {
        socket.close();
        result.tryComplete(new Result(Reachability.BEHIND_NAT, wrong));
        return;
      }
      RpcClient connection = new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(MAX_FRAME, 0, 0)));
      result.future().onComplete(done -> connection.close());
      connection.hello("tracker").onComplete(hello -> {
        if (hello.succeeded() || hello.cause() instanceof ProtocolException e && e.refused()) {
          // A chunk server that refuses the tracker (a revoked certificate, say) still listens there.
          result.tryComplete(new Result(Reachability.REACHABLE, null));
        } else {
          result.tryComplete(new Result(Reachability.BEHIND_NAT, "no hello: " + hello.cause().getMessage()));
        }
      });
    });
    return result.future().onComplete(done -> {
      vertx.cancelTimer(timer);
      limits.finish(host, port, done.result());
    });
  }

  public Future<Void> close() {
    return client.close();
  }
}
