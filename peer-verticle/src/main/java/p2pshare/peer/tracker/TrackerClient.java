package p2pshare.peer.tracker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.RpcClient;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReplyCodec;
import p2pshare.protocol.tracker.TrackerRequest;
import p2pshare.tls.Certificates;
import p2pshare.tls.NetworkTls;

/**
 * Keeps this peer joined to the tracker: connects, says hello, joins with the current file list (in parts when it
 * is long, see {@link FileListParts}), heartbeats, and reconnects with exponential backoff (and a new join with the
 * then-current list) whenever the connection is lost. Given several tracker nodes (a cluster), it tries the next one
 * each time, and joins again under the peerId and secret of its last join, so the cluster replaces its entry. A tracker that refuses the join for good (a bad name, a
 * limit, a protocol version it does not serve) is not asked again until {@link #retryNow} or {@link #REFUSED_RETRY_MS}
 * later; {@link #refusal} says why, for the log, {@code /health} and the dashboard.
 * Requests fail fast with a local {@link ProtocolException} ({@code closed}) while there is no connection.
 * Use it from the event loop that created it.
 */
public final class TrackerClient {
  private static final Logger log = LoggerFactory.getLogger(TrackerClient.class);
  private static final int MAX_FRAME = 16 * 1024 * 1024;
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 10_000;
  static final long REFUSED_RETRY_MS = 5 * 60_000;

  private final Vertx vertx;
  private NetClient client;
  private NetworkTls tls = NetworkTls.open();
  private final List<TrackerAddress> trackers;
  private int current;
  private final String name;
  private final Supplier<JsonObject> joinRequest;
  private final long heartbeatMillis;
  private final long requestTimeoutMillis;
  private RpcClient connection;
  private NetSocket socket;
  private final List<JsonObject> changedWhileJoining = new ArrayList<>();
  private String peerId;
  // The last join's peerId and secret: claimed again at the next join.
  private String claimedPeerId;
  private String secret;
  private JsonObject trackerNode = new JsonObject();
  private long backoff = MIN_BACKOFF_MS;
  private long heartbeatTimer = -1;
  private long retryTimer = -1;
  private boolean stopped;
  private boolean everJoined;
  private String refusal;
  // Set by a refusal in the tracker's own words: then it is not asked again soon.
  private boolean refusedForGood;
  private long disconnectedSince = System.currentTimeMillis();
  private Handler<JsonObject> eventHandler = event -> { };
  private Handler<Boolean> connectionHandler = joined -> { };

  /**
   * @param name this node's name, sent in the hello
   * @param joinRequest builds the {@code join} message (name, host, port, files) at the moment of each join
   */
  public TrackerClient(Vertx vertx, List<TrackerAddress> trackers, String name, Supplier<JsonObject> joinRequest,
      long heartbeatMillis, long requestTimeoutMillis) {
    if (trackers.isEmpty()) {
      throw new IllegalArgumentException("no tracker to join");
    }
    this.vertx = vertx;
    this.trackers = List.copyOf(trackers);
    this.name = name;
    this.joinRequest = joinRequest;
    this.heartbeatMillis = heartbeatMillis;
    this.requestTimeoutMillis = requestTimeoutMillis;
  }

  /** The network this node is in: TLS, and the check that the tracker is one. Set before {@link #start}. */
  public TrackerClient tls(NetworkTls tls) {
    this.tls = tls;
    return this;
  }

  public void start() {
    client = vertx.createNetClient(tls.client(new NetClientOptions().setConnectTimeout((int) requestTimeoutMillis)
        .setTcpNoDelay(true)));
    connect();
  }

  /**
   * Receives the tracker's events (peer-joined, peer-left, files-changed, resync, cluster); the client watches after
   * each join.
   */
  public TrackerClient eventHandler(Handler<JsonObject> handler) {
    this.eventHandler = handler;
    return this;
  }

  /** Told {@code true} after each successful join, {@code false} when a joined connection is lost or a join refused. */
  public TrackerClient connectionHandler(Handler<Boolean> handler) {
    this.connectionHandler = handler;
    return this;
  }

  /** True while joined. */
  public boolean connected() {
    return peerId != null;
  }

  /** When the tracker was last lost (or this client started) if not joined now; 0 while joined. */
  public long disconnectedSince() {
    return disconnectedSince;
  }

  /** Why the tracker refused this node's join or part of its file list, or null. */
  public String refusal() {
    return refusal;
  }

  /** The id the tracker gave this peer at the last join, or null. */
  public String peerId() {
    return peerId;
  }

  /** The tracker node joined now, or tried next. */
  public String address() {
    return trackers.get(current).toString();
  }

  /**
   * What the tracker said of itself at the last join: {@code {"clustered": false}}, or with {@code node} (the
   * node's id) and {@code members} ({@code [{node, host, port}]}); empty before a join.
   */
  public JsonObject trackerNode() {
    return trackerNode;
  }

  /** After a refusal, tries to join again now (the file list or the settings may have changed). */
  public void retryNow() {
    if (refusedForGood && connection == null && !stopped) {
      vertx.cancelTimer(retryTimer);
      connect();
    }
  }

  /**
   * Sends a request and returns the reply; a tracker {@code error} reply fails with a
   * {@linkplain ProtocolException#refused() refusal}.
   */
  public Future<JsonObject> request(JsonObject message) {
    if (peerId == null) {
      return Future.failedFuture(unreachable());
    }
    return send(message);
  }

  /** Reports added and removed files; dropped while disconnected because the next join sends the whole list. */
  public void update(JsonArray add, JsonArray remove) {
    if (connection == null || (add.isEmpty() && remove.isEmpty())) {
      return;
    }
    List<JsonObject> parts = FileListParts.updates(add, remove);
    if (peerId == null) {
      // A join is under way with the list as it was when it began: these changes follow it.
      changedWhileJoining.addAll(parts);
      return;
    }
    sendParts(parts).onFailure(e -> refused("file list update", e));
  }

  /** Leaves the tracker (best effort, bounded by the request timeout) and stops reconnecting. */
  public Future<Void> stop() {
    stopped = true;
    cancelHeartbeat();
    vertx.cancelTimer(retryTimer);
    Future<?> leave = peerId == null ? Future.succeededFuture() : send(TrackerCodec.encode(new TrackerRequest.Leave()));
    return leave.transform(ar -> {
      if (ar.succeeded()) {
        log.info("left tracker {}", address());
      }
      if (connection != null) {
        connection.close();
      }
      return client == null ? Future.<Void>succeededFuture() : client.close();
    });
  }

  private void connect() {
    if (stopped) {
      return;
    }
    TrackerAddress tracker = trackers.get(current);
    client.connect(tracker.port(), tracker.host()).onComplete(ar -> {
      if (ar.failed()) {
        if (tls.enabled() && Certificates.isHandshakeFailure(ar.cause())) {
          // Not the network's tracker, or one without TLS: no join can work until a setting changes.
          refusal = "the TLS handshake with tracker " + address() + " failed (" + ar.cause().getMessage()
              + "): it speaks no TLS, or is not in this private network";
        }
        retryLater("cannot reach tracker " + address() + ": " + ar.cause().getMessage(), backoff());
      } else if (stopped) {
        ar.result().close();
      } else if (notTracker(ar.result())) {
        retryLater("not a tracker", backoff());
      } else {
        // Closed if the tracker's certificate is revoked while this node is joined to it.
        tls.watch(ar.result());
        socket = ar.result();
        attach(new RpcClient(new FrameChannel(vertx, ar.result(), new FrameChannel.Limits(MAX_FRAME, 0, 0))));
      }
    });
  }

  private void attach(RpcClient c) {
    connection = c;
    c.pushHandler(event -> {
      if (event.getValue("id") == null) {
        if (TrackerReplyCodec.decodeEvent(event) instanceof TrackerEvent.Cluster cluster
            && cluster.tracker() != null) {
          trackerNode = cluster.tracker();
        }
        eventHandler.handle(event);
      }
    });
    c.closeHandler(why -> onClosed(c));
    JsonObject join = joinRequest.get();
    List<JsonObject> parts = FileListParts.join(join);
    if (claimedPeerId != null) {
      parts.get(0).put("peerId", claimedPeerId).put("secret", secret);
    }
    c.hello(name).timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(atHello(e)))
        .compose(hello -> send(parts.get(0).put("type", TrackerRequest.Join.TYPE)))
        .compose(joined -> sendParts(parts.subList(1, parts.size())).map(joined))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().getString("peerId") != null) {
            JsonObject reply = ar.result();
            claimedPeerId = reply.getString("peerId");
            secret = reply.getString("secret");
            if (secret == null) {
              claimedPeerId = null; // a tracker that does not let peers join again under their id
            }
            trackerNode = reply.getJsonObject("tracker", new JsonObject());
            joined(reply.getString("peerId"), join.getJsonArray("files", new JsonArray()).size());
          } else if (ar.failed() && ar.cause() instanceof ProtocolException refusedBy && claimedPeerId != null
              && refusedBy.isRefusal(ErrorCode.BAD_REQUEST)) {
            // Our old peerId is not ours to claim any more: join as a new peer, at once.
            log.warn("tracker {} refused this node's old peerId ({}); joining as a new peer", address(),
                refusedBy.getMessage());
            claimedPeerId = null;
            c.close();
          } else if (ar.failed() && ar.cause() instanceof ProtocolException refusedBy && refusedBy.refused()) {
            refused("join", refusedBy);
            connectionHandler.handle(false);
            c.close();
          } else {
            log.warn("tracker {} did not take the join: {}", address(), ar.failed() ? ar.cause().getMessage()
                : ar.result());
            c.close();
          }
        });
  }

  private void joined(String id, int files) {
    peerId = id;
    List<JsonObject> changes = new ArrayList<>(changedWhileJoining);
    changedWhileJoining.clear();
    sendParts(changes).onFailure(e -> refused("file list update", e));
    disconnectedSince = 0;
    backoff = MIN_BACKOFF_MS;
    if (refusal != null) {
      log.info("tracker {} took this node's join now", address());
      refusal = null;
    }
    refusedForGood = false;
    log.info("{} tracker {} as {} with {} files", everJoined ? "rejoined" : "joined", address(), peerId, files);
    everJoined = true;
    scheduleHeartbeat();
    send(TrackerCodec.encode(new TrackerRequest.Watch()))
        .onFailure(e -> log.warn("tracker refused to send events: {}", e.getMessage()));
    connectionHandler.handle(true);
  }

  /** A refusal in the tracker's words is for good: say why, and do not ask again soon. */
  private void refused(String what, Throwable cause) {
    if (!(cause instanceof ProtocolException t && t.refused())) {
      log.warn("{} failed: {}", what, cause.getMessage());
      return;
    }
    refusal = "the tracker refused this node's " + what + ": " + t.getMessage() + " (" + t.code() + ")";
    refusedForGood = true;
    if (peerId == null) {
      log.error("{}; not asking again for {} minutes or until the shared files change", refusal,
          REFUSED_RETRY_MS / 60_000);
    } else {
      log.error("{}; the files it refused are not offered until the next join", refusal);
    }
  }

  /** Sends the parts one after the other; the first refusal stops them. */
  private Future<JsonObject> sendParts(List<JsonObject> parts) {
    Future<JsonObject> chain = Future.succeededFuture(new JsonObject());
    for (JsonObject part : parts) {
      chain = chain.compose(previous -> send(part));
    }
    return chain;
  }

  private void onClosed(RpcClient c) {
    if (connection != c) {
      return;
    }
    boolean wasJoined = peerId != null;
    if (wasJoined) {
      disconnectedSince = System.currentTimeMillis();
    }
    if (socket != null) {
      tls.unwatch(socket);
      socket = null;
    }
    connection = null;
    peerId = null;
    changedWhileJoining.clear(); // the next join sends the whole list
    cancelHeartbeat();
    if (wasJoined) {
      connectionHandler.handle(false);
    }
    if (!stopped) {
      if (refusedForGood) {
        retryLater("tracker " + address() + " refused this node", REFUSED_RETRY_MS);
      } else {
        retryLater(wasJoined ? "lost the tracker " + address() : "tracker " + address() + " closed the connection",
            backoff());
      }
    }
  }

  private long backoff() {
    long delay = backoff + (long) (Math.random() * backoff / 2);
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    return delay;
  }

  /** Tries again later, at the next tracker node if there are several. */
  private void retryLater(String why, long delay) {
    if (stopped) {
      return;
    }
    current = (current + 1) % trackers.size();
    log.warn("{}; trying tracker {} in {} ms", why, address(), delay);
    retryTimer = vertx.setTimer(delay, t -> connect());
  }

  private void scheduleHeartbeat() {
    heartbeatTimer = vertx.setPeriodic(heartbeatMillis, t -> send(TrackerCodec.encode(new TrackerRequest.Heartbeat()))
        .onFailure(e -> {
          log.warn("heartbeat failed: {}", e.getMessage());
          if (connection != null) {
            connection.close();
          }
        }));
  }

  private void cancelHeartbeat() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
  }

  private Future<JsonObject> send(JsonObject message) {
    RpcClient c = connection;
    if (c == null) {
      return Future.failedFuture(unreachable());
    }
    return c.request(message).timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(inTrackerWords(e)));
  }

  /** In a private network, whether this server is not its tracker; if so it is closed and the refusal says why. */
  private boolean notTracker(NetSocket server) {
    String why = tls.checkTracker(server);
    if (why == null) {
      return false;
    }
    server.close();
    refusal = "tracker " + address() + " is not this network's tracker: " + why;
    log.error("{}; trying the next", refusal);
    return true;
  }

  /**
   * A tracker that closes the connection at hello without a word, when this node has no TLS, is most likely one of
   * a private network (its TLS layer cannot read a cleartext hello): say so, once per attempt.
   */
  private Throwable atHello(Throwable e) {
    Throwable words = inTrackerWords(e);
    if (!tls.enabled() && e instanceof ProtocolException p && p.isLocal(ErrorCode.CLOSED)) {
      refusal = "tracker " + address() + " closed the connection at hello: it probably requires TLS (a private "
          + "network's tracker), and this node has no tls settings (README, \"Private network in five minutes\")";
      log.warn("{}", refusal);
    }
    return words;
  }

  /** An answer from the tracker is its refusal; anything else means the tracker is not there. */
  private Throwable inTrackerWords(Throwable e) {
    if (e instanceof ProtocolException) {
      return e;
    }
    if (e instanceof TimeoutException) {
      return ProtocolException.local(ErrorCode.TIMEOUT, "tracker did not answer within " + requestTimeoutMillis
          + " ms");
    }
    return ProtocolException.local(ErrorCode.CLOSED, "connection to tracker lost");
  }

  private ProtocolException unreachable() {
    return ProtocolException.local(ErrorCode.CLOSED, "tracker " + address() + " is not reachable");
  }
}
