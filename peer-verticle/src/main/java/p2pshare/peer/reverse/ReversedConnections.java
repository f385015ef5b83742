package p2pshare.peer.reverse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.peer.tracker.TrackerClient;
import p2pshare.peer.wire.Reverser;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.Reachability;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerRequest;
import p2pshare.tls.NetworkTls;

/**
 * Connection reversal, both ends (docs/protocol.md, "Reachability"). As a downloader: asks the tracker to have a
 * source behind NAT connect here, and takes the connection that presents the token the tracker gave, to be used as
 * if dialled. As a source: told by the tracker to connect to a downloader, dials it, presents the token and serves
 * the connection as any other. The same checks hold both ways: the certificates must name the peers the tracker
 * listed (checked by the caller of {@link #connect}, and here before serving), and the chunk server's bans, limits
 * and budgets apply. Event loop of the node only.
 */
public final class ReversedConnections implements Reverser {
  private static final Logger LOG = LoggerFactory.getLogger(ReversedConnections.class);
  /** The first message of a reversed connection, from the source that dialled. */
  public static final String FIRST = "reverse";
  /** Reversed connections awaited at once, over all downloads. */
  static final int MAX_AWAITED = 256;
  /** Connections this node dials at once when told to; further requests wait for none: they are refused. */
  static final int MAX_DIALLING = 8;
  /** The longest wait for a reversed connection, whatever the tracker says. */
  static final int MAX_WAIT_SECONDS = 60;

  private final Vertx vertx;
  private final NetClient client;
  private final NetworkTls tls;
  private final Map<String, Promise<NetSocket>> awaited = new HashMap<>();
  private TrackerClient tracker;
  private Consumer<NetSocket> serve = NetSocket::close;
  private int dialling;

  public ReversedConnections(Vertx vertx, NetworkTls tls, long connectTimeoutMillis) {
    this.vertx = vertx;
    this.tls = tls;
    this.client = vertx.createNetClient(tls.client(new NetClientOptions()
        .setConnectTimeout((int) connectTimeoutMillis).setTcpNoDelay(true)));
  }

  /** The tracker that passes requests on, and how a connection this node dialled as a source is served. */
  public ReversedConnections start(TrackerClient tracker, Consumer<NetSocket> serve) {
    this.tracker = tracker;
    this.serve = serve;
    return this;
  }

  @Override
  public boolean possible() {
    return tracker != null && tracker.connected()
        && !Reachability.BEHIND_NAT.wire().equals(tracker.reachability().getString("state"));
  }

  @Override
  public Future<NetSocket> connect(String peerId) {
    if (!possible()) {
      return Future.failedFuture(ProtocolException.local(ErrorCode.CLOSED,
          "cannot have the source connect here: this node is behind NAT, or not joined"));
    }
    if (awaited.size() >= MAX_AWAITED) {
      return Future.failedFuture(ProtocolException.local(ErrorCode.CLOSED,
          MAX_AWAITED + " reversed connections are awaited already"));
    }
    return tracker.request(TrackerCodec.encode(new TrackerRequest.Reverse(peerId))).compose(reply -> {
      String token = reply.getString("token");
      // The tracker says how long the token holds; never more than a minute of a slot held waiting.
      int seconds = Math.max(1, Math.min(MAX_WAIT_SECONDS, reply.getInteger("seconds", 10)));
      if (token == null || awaited.containsKey(token)) {
        return Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME, "a reverse reply without a token"));
      }
      Promise<NetSocket> arrived = Promise.promise();
      awaited.put(token, arrived);
      long timer = vertx.setTimer(seconds * 1000L, t -> arrived.tryFail(ProtocolException.local(ErrorCode.TIMEOUT,
          "the source behind NAT did not connect here within " + seconds + " s")));
      return arrived.future().andThen(done -> {
        vertx.cancelTimer(timer);
        awaited.remove(token);
      });
    });
  }

  /** A connection to the chunk server that began with {@link #FIRST}: the source the tracker asked, or nobody. */
  public void take(JsonObject first, NetSocket socket) {
    Promise<NetSocket> arrived = first.getValue("token") instanceof String token ? awaited.remove(token) : null;
    if (arrived == null || !arrived.tryComplete(socket)) {
      LOG.debug("closing a reversed connection from {} with no token awaited", HostText.of(socket.remoteAddress()));
      socket.close();
    }
  }

  /** The tracker asks this node (behind NAT) to connect to a downloader and serve it. */
  public void connectTo(TrackerEvent.ConnectTo request) {
    if (dialling >= MAX_DIALLING) {
      LOG.info("not connecting to {} for the tracker: {} connections are being opened already", request.name(),
          dialling);
      return;
    }
    dialling++;
    client.connect(request.port(), request.host()).onComplete(done -> {
      dialling--;
      if (done.failed()) {
        LOG.info("could not connect to {} ({}) as the tracker asked: {}", request.name(),
            HostText.withPort(request.host(), request.port()), done.cause().getMessage());
        return;
      }
      NetSocket socket = done.result();
      String wrong = tls.checkSource(socket, request.name());
      if (wrong != null) {
        LOG.warn("not serving {} on a reversed connection: {}", request.name(), wrong);
        socket.close();
        return;
      }
      socket.write(Frames.json(new JsonObject().put("type", FIRST).put("token", request.token())));
      serve.accept(socket);
    });
  }

  public Future<Void> close() {
    awaited.values().forEach(p -> p.tryFail(ProtocolException.local(ErrorCode.CLOSED, "the node is stopping")));
    return client.close();
  }
}
