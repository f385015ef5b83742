package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import p2pshare.net.HostText;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.tls.Certificates;
import p2pshare.tls.NetworkTls;

/**
 * Opens a downloader's connections to chunk servers. In a private network it checks what TLS alone does not: that
 * the server's certificate names the peer the tracker listed (so nobody can answer in another member's place) and
 * is not revoked; and it says plainly when a handshake fails.
 */
public final class PeerDialer {
  private final NetClient client;
  private final NetworkTls tls;
  private final Reverser reverser;

  public PeerDialer(NetClient client, NetworkTls tls) {
    this(client, tls, null);
  }

  private PeerDialer(NetClient client, NetworkTls tls, Reverser reverser) {
    this.client = client;
    this.tls = tls;
    this.reverser = reverser;
  }

  /** This dialer, opening connections to sources behind NAT through {@code reverser}. */
  public PeerDialer reversingWith(Reverser reverser) {
    return new PeerDialer(client, tls, reverser);
  }

  /** Whether a source behind NAT can be reached now: by reversal, if this node can be dialled. */
  public boolean canReverse() {
    return reverser != null && reverser.possible();
  }

  /**
   * A connection to the source {@code peerId} the tracker listed at {@code host:port} as {@code listedName}: dialled,
   * or opened by the source itself when it is behind NAT (then the same checks apply to it).
   */
  public Future<NetSocket> open(String peerId, String host, int port, String listedName, boolean behindNat) {
    if (!behindNat || reverser == null) {
      return connect(host, port, listedName);
    }
    return reverser.connect(peerId).compose(socket -> checked(socket, listedName));
  }

  /** A dialer of an open network: no TLS, no checks. */
  public static PeerDialer open(NetClient client) {
    return new PeerDialer(client, NetworkTls.open());
  }

  /** Connects to the chunk server at {@code host:port}, which the tracker listed as {@code listedName} (or null). */
  public Future<NetSocket> connect(String host, int port, String listedName) {
    return client.connect(port, host)
        .recover(e -> Future.failedFuture(tls.enabled() && Certificates.isHandshakeFailure(e)
            ? ProtocolException.local(ErrorCode.TLS, "the TLS handshake with " + HostText.withPort(host, port) + " failed ("
                + e.getMessage() + "): that source is not in this private network, or speaks no TLS")
            : e))
        .compose(socket -> checked(socket, listedName));
  }

  private Future<NetSocket> checked(NetSocket socket, String listedName) {
    String wrong = listedName == null ? null : tls.checkSource(socket, listedName);
    if (wrong != null) {
      socket.close();
      return Future.failedFuture(ProtocolException.local(ErrorCode.FORBIDDEN, wrong));
    }
    return Future.succeededFuture(socket);
  }

  public Future<Void> close() {
    return client.close();
  }
}
