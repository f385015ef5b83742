package p2pshare.peer.tracker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcClient;
import p2pshare.tls.Certificates;
import p2pshare.tls.NetworkTls;

/**
 * One connection to one tracker node: the only place that opens, uses and closes it. Every failure is a
 * {@link ProtocolException}: the tracker's {@linkplain ProtocolException#refused() refusal}, or a local one
 * ({@code closed}, {@code timeout}, and {@code tls} when a setting of this network keeps any join from working: a
 * failed handshake, a server that is not the network's tracker, a tracker that wants TLS from a node without it).
 * Runs on the client's event loop only.
 */
final class TrackerLink {
  private static final int MAX_FRAME = 16 * 1024 * 1024;

  private final TrackerAddress address;
  private final RpcClient connection;
  private final long timeoutMillis;
  private final NetworkTls tls;
  private Handler<Void> closeHandler = v -> { };

  private TrackerLink(Vertx vertx, TrackerAddress address, NetSocket socket, NetworkTls tls, long timeoutMillis) {
    this.address = address;
    this.timeoutMillis = timeoutMillis;
    this.tls = tls;
    // Closed if the tracker's certificate is revoked while this node is joined to it.
    tls.watch(socket);
    this.connection = new RpcClient(new FrameChannel(vertx, socket, new FrameChannel.Limits(MAX_FRAME, 0, 0)));
    connection.closeHandler(why -> {
      tls.unwatch(socket);
      closeHandler.handle(null);
    });
  }

  /** Connects to {@code address}; in a private network, only to the network's tracker. */
  static Future<TrackerLink> open(Vertx vertx, NetClient client, TrackerAddress address, NetworkTls tls,
      long timeoutMillis) {
    return client.connect(address.port(), address.host()).transform(ar -> {
      if (ar.failed()) {
        if (tls.enabled() && Certificates.isHandshakeFailure(ar.cause())) {
          return Future.failedFuture(ProtocolException.local(ErrorCode.TLS, "the TLS handshake with tracker "
              + address + " failed (" + ar.cause().getMessage() + "): it speaks no TLS, or is not in this private "
              + "network"));
        }
        return Future.failedFuture(ProtocolException.local(ErrorCode.CLOSED, "cannot reach tracker " + address
            + ": " + ar.cause().getMessage()));
      }
      String notTracker = tls.checkTracker(ar.result());
      if (notTracker != null) {
        ar.result().close();
        return Future.failedFuture(ProtocolException.local(ErrorCode.TLS, "tracker " + address
            + " is not this network's tracker: " + notTracker));
      }
      return Future.succeededFuture(new TrackerLink(vertx, address, ar.result(), tls, timeoutMillis));
    });
  }

  TrackerAddress address() {
    return address;
  }

  /** The protocol version agreed at hello. */
  int version() {
    return connection.version();
  }

  /**
   * Says hello. A tracker that closes the connection at hello without a word, when this node has no TLS, is most
   * likely one of a private network (its TLS layer cannot read a cleartext hello): that fails with {@code tls}.
   */
  Future<JsonObject> hello(String name) {
    return connection.hello(name).timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(e -> {
      if (!tls.enabled() && e instanceof ProtocolException p && p.isLocal(ErrorCode.CLOSED)) {
        return Future.failedFuture(ProtocolException.local(ErrorCode.TLS, "tracker " + address + " closed the "
            + "connection at hello: it probably requires TLS (a private network's tracker), and this node has no "
            + "tls settings (README, \"Private network in five minutes\")"));
      }
      return Future.failedFuture(inTrackerWords(e));
    });
  }

  /** Sends a request; its reply, or a failure within the request timeout. */
  Future<JsonObject> request(JsonObject message) {
    return connection.request(message).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(inTrackerWords(e)));
  }

  /** Receives the tracker's pushed events (messages without a request id). */
  TrackerLink eventHandler(Handler<JsonObject> handler) {
    connection.pushHandler(event -> {
      if (event.getValue("id") == null) {
        handler.handle(event);
      }
    });
    return this;
  }

  /** Told once when the connection closes, whichever side closed it. */
  TrackerLink closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  void close() {
    connection.close();
  }

  /** An answer from the tracker is its refusal; anything else means the tracker is not there. */
  private Throwable inTrackerWords(Throwable e) {
    if (e instanceof ProtocolException) {
      return e;
    }
    if (e instanceof TimeoutException) {
      return ProtocolException.local(ErrorCode.TIMEOUT, "tracker did not answer within " + timeoutMillis + " ms");
    }
    return ProtocolException.local(ErrorCode.CLOSED, "connection to tracker lost");
  }
}
