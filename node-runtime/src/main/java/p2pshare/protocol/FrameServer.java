package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.net.HostText;
import p2pshare.tls.NetworkTls;

/**
 * A TCP server of either protocol, which serves each connection it admits with an {@link RpcServer}. It owns what
 * the chunk server and the tracker do alike on accepting a connection: count it against the {@link ConnectionLimits}
 * (one over either limit is closed on arrival), answer the hello of a client this network does not serve with
 * {@code forbidden} and end, keep an eye on its certificate while it is open (see {@link NetworkTls#watch}), and
 * count it out when it closes. What the connection is for is the {@link Sessions}' business.
 *
 * <p>Accepts on the event loop of the context that called {@link #listen}.
 */
public final class FrameServer {
  private static final Logger LOG = LoggerFactory.getLogger(FrameServer.class);

  /**
   * @param what this server in logs ({@code chunk server})
   * @param self this server to a client it refuses ({@code this node})
   * @param name this node's name, given in the hello
   * @param maxConnections connections served at once
   * @param maxConnectionsPerIp connections from one address served at once
   * @param limits each connection's channel limits
   * @param maxWaiting requests of one connection received and not yet answered before it stops reading
   */
  public record Settings(String what, String self, String name, int maxConnections, int maxConnectionsPerIp,
      FrameChannel.Limits limits, int maxWaiting) {
  }

  /** Takes a connection whose first message is of the type given to {@link #handOff}. */
  public interface HandOff {
    /** {@code socket} is the taker's from now on; {@code first} is the message it began with. */
    void take(JsonObject first, NetSocket socket);
  }

  /** Starts serving one admitted connection. */
  public interface Sessions {
    /**
     * Sets up the session of {@code connection} (on {@code socket}); returns what to do once it closes.
     */
    Handler<ProtocolException> open(RpcServer connection, NetSocket socket);
  }

  private final Vertx vertx;
  private final NetworkTls tls;
  private final Settings settings;
  private final ConnectionLimits limits;
  private final Sessions sessions;
  private int writeQueueBytes;
  private LongAdder buffered;
  private NetServer server;
  private String handOffType;
  private HandOff handOff;

  public FrameServer(Vertx vertx, NetworkTls tls, Settings settings, Sessions sessions) {
    this.vertx = vertx;
    this.tls = tls;
    this.settings = settings;
    this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerIp());
    this.sessions = sessions;
  }

  /** Each connection's write queue mark, in bytes, instead of Vert.x's default. Set before {@link #listen}. */
  public FrameServer writeQueueMaxSize(int bytes) {
    this.writeQueueBytes = bytes;
    return this;
  }

  /**
   * Connections whose first message is a small JSON object of {@code type} are not served but handed to {@code
   * taker} (out of this server's counts, once its TLS checks passed). Set before {@link #listen}.
   */
  public FrameServer handOff(String type, HandOff taker) {
    this.handOffType = type;
    this.handOff = taker;
    return this;
  }

  /**
   * Serves a connection this node opened itself as if it had been accepted: a peer behind NAT serves a downloader
   * that asked for a reversed connection this way. Counted and checked as an accepted one.
   */
  public void serveDialled(NetSocket socket) {
    String ip = admitted(socket);
    if (ip != null) {
      serve(socket, ip, null); // its first message is the other side's hello: nothing to hand off
    }
  }

  /** Adds up the bytes all connections hold (see {@link FrameChannel#bufferedBytes}) here. */
  public FrameServer countBufferedIn(LongAdder total) {
    this.buffered = total;
    return this;
  }

  /**
   * Listens with {@code options} (TLS added as the network has it) and completes with the bound port; fails with
   * "cannot listen on host:port: why".
   */
  public Future<Integer> listen(NetServerOptions options, String host, int port) {
    server = vertx.createNetServer(tls.server(options)).connectHandler(this::accept)
        .exceptionHandler(failure -> tls.handshakeFailed(settings.what(), failure));
    return server.listen(port, host)
        .recover(e -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + HostText.withPort(host, port) + ": " + e.getMessage(), e)))
        .map(NetServer::actualPort);
  }

  /** Connections open now; may be read from any thread. */
  public int connections() {
    return limits.open();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Counts a connection in and returns its address, or closes it and returns null when over a limit. */
  private String admitted(NetSocket socket) {
    String ip = HostText.canonical(socket.remoteAddress().hostAddress());
    String refused = limits.admit(ip);
    if (refused != null) {
      LOG.debug("{} refusing {}: {}", settings.what(), HostText.of(socket.remoteAddress()), refused);
      socket.close();
      return null;
    }
    return ip;
  }

  private void accept(NetSocket socket) {
    String ip = admitted(socket);
    if (ip == null) {
      return;
    }
    if (handOff == null) {
      serve(socket, ip, null);
      return;
    }
    FirstFrame.read(socket, handOffType, first -> {
      limits.release(ip);
      String notServed = tls.refusal(socket);
      if (notServed != null) {
        LOG.info("{} refusing {}: {}", settings.what(), HostText.of(socket.remoteAddress()), notServed);
        socket.close();
        return;
      }
      handOff.take(first, socket);
    }, start -> serve(socket, ip, start));
  }

  /** Serves an admitted connection; {@code start}: what was read of it already, or null. */
  private void serve(NetSocket socket, String ip, ByteBuf start) {
    if (writeQueueBytes > 0) {
      socket.setWriteQueueMaxSize(writeQueueBytes);
    }
    FrameChannel channel = new FrameChannel(vertx, socket, settings.limits());
    if (buffered != null) {
      channel.countBufferedIn(buffered);
    }
    RpcServer connection = new RpcServer(channel, settings.maxWaiting()).serveHello(settings.name());
    String notServed = tls.refusal(socket);
    if (notServed != null) {
      LOG.info("{} refusing {}: {}", settings.what(), HostText.of(socket.remoteAddress()), notServed);
      connection.refuseHello(ErrorCode.FORBIDDEN, settings.self() + " does not serve you: " + notServed);
    }
    Handler<ProtocolException> closed = sessions.open(connection, socket);
    tls.watch(socket);
    connection.closeHandler(why -> {
      tls.unwatch(socket);
      limits.release(ip);
      closed.handle(why);
    });
    if (start != null) {
      channel.replay(start);
    }
  }
}
