package p2pshare.peer.tracker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.FrameReader;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * Keeps this peer joined to the tracker: connects, joins with the current file list, heartbeats, and reconnects
 * with exponential backoff (and a new join with the then-current list) whenever the connection is lost.
 * Requests fail fast with {@link TrackerUnavailableException} while there is no connection.
 * Use it from the event loop that created it.
 */
public final class TrackerClient {
  private static final Logger log = LoggerFactory.getLogger(TrackerClient.class);
  private static final int MAX_FRAME = 16 * 1024 * 1024;
  private static final long MIN_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 10_000;

  private final Vertx vertx;
  private final NetClient client;
  private final String host;
  private final int port;
  private final Supplier<JsonObject> joinRequest;
  private final long heartbeatMillis;
  private final long requestTimeoutMillis;
  private final Map<Integer, Promise<JsonObject>> pending = new HashMap<>();
  private NetSocket socket;
  private String peerId;
  private int nextId = 1;
  private long backoff = MIN_BACKOFF_MS;
  private long heartbeatTimer = -1;
  private boolean stopped;
  private boolean everJoined;
  private long disconnectedSince = System.currentTimeMillis();
  private Handler<JsonObject> eventHandler = event -> { };
  private Handler<Boolean> connectionHandler = joined -> { };

  /**
   * @param joinRequest builds the {@code join} message (name, host, port, files) at the moment of each join
   */
  public TrackerClient(Vertx vertx, String host, int port, Supplier<JsonObject> joinRequest, long heartbeatMillis,
      long requestTimeoutMillis) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.joinRequest = joinRequest;
    this.heartbeatMillis = heartbeatMillis;
    this.requestTimeoutMillis = requestTimeoutMillis;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) requestTimeoutMillis)
        .setTcpNoDelay(true));
  }

  public void start() {
    connect();
  }

  /** Receives the tracker's events (peer-joined, peer-left, files-changed); the client watches after each join. */
  public TrackerClient eventHandler(Handler<JsonObject> handler) {
    this.eventHandler = handler;
    return this;
  }

  /** Told {@code true} after each successful join and {@code false} when a joined connection is lost. */
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

  /** The id the tracker gave this peer at the last join, or null. */
  public String peerId() {
    return peerId;
  }

  public String address() {
    return host + ":" + port;
  }

  /** Sends a request and returns the reply; a tracker {@code error} reply fails with {@link TrackerException}. */
  public Future<JsonObject> request(JsonObject message) {
    if (peerId == null) {
      return Future.failedFuture(new TrackerUnavailableException("tracker " + address() + " is not reachable"));
    }
    return send(message);
  }

  /** Reports added and removed files; dropped while disconnected because the next join sends the whole list. */
  public void update(JsonArray add, JsonArray remove) {
    if (socket != null && (!add.isEmpty() || !remove.isEmpty())) {
      send(new JsonObject().put("type", "update").put("add", add).put("remove", remove))
          .onFailure(e -> log.warn("file list update failed: {}", e.getMessage()));
    }
  }

  /** Leaves the tracker (best effort, bounded by the request timeout) and stops reconnecting. */
  public Future<Void> stop() {
    stopped = true;
    cancelHeartbeat();
    Future<?> leave = peerId == null ? Future.succeededFuture() : send(new JsonObject().put("type", "leave"));
    return leave.transform(ar -> {
      if (ar.succeeded()) {
        log.info("left tracker {}", address());
      }
      if (socket != null) {
        socket.close();
      }
      return client.close();
    });
  }

  private void connect() {
    if (stopped) {
      return;
    }
    client.connect(port, host).onComplete(ar -> {
      if (ar.failed()) {
        retryLater("cannot reach tracker " + address() + ": " + ar.cause().getMessage());
      } else if (stopped) {
        ar.result().close();
      } else {
        attach(ar.result());
      }
    });
  }

  private void attach(NetSocket s) {
    socket = s;
    new FrameReader(s, MAX_FRAME, this::onFrame, error -> {
      log.warn("tracker sent a bad frame: {}", error);
      s.close();
    });
    s.closeHandler(v -> onClosed(s));
    s.exceptionHandler(e -> log.debug("tracker connection error: {}", e.getMessage()));
    send(joinRequest.get().put("type", "join")).onComplete(ar -> {
      if (ar.succeeded() && ar.result().getString("peerId") != null) {
        peerId = ar.result().getString("peerId");
        disconnectedSince = 0;
        backoff = MIN_BACKOFF_MS;
        log.info("{} tracker {} as {}", everJoined ? "rejoined" : "joined", address(), peerId);
        everJoined = true;
        scheduleHeartbeat();
        send(new JsonObject().put("type", "watch"))
            .onFailure(e -> log.warn("tracker refused to send events: {}", e.getMessage()));
        connectionHandler.handle(true);
      } else {
        log.warn("tracker {} refused the join: {}", address(), ar.failed() ? ar.cause().getMessage() : ar.result());
        s.close();
      }
    });
  }

  private void onClosed(NetSocket s) {
    if (socket != s) {
      return;
    }
    boolean wasJoined = peerId != null;
    if (wasJoined) {
      disconnectedSince = System.currentTimeMillis();
    }
    socket = null;
    peerId = null;
    cancelHeartbeat();
    TrackerUnavailableException lost = new TrackerUnavailableException("connection to tracker lost");
    pending.values().forEach(p -> p.tryFail(lost));
    pending.clear();
    if (wasJoined) {
      connectionHandler.handle(false);
    }
    if (!stopped) {
      retryLater(wasJoined ? "lost the tracker " + address() : "tracker " + address() + " closed the connection");
    }
  }

  private void retryLater(String why) {
    if (stopped) {
      return;
    }
    long delay = backoff + (long) (Math.random() * backoff / 2);
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    log.warn("{}; retrying in {} ms", why, delay);
    vertx.setTimer(delay, t -> connect());
  }

  private void scheduleHeartbeat() {
    heartbeatTimer = vertx.setPeriodic(heartbeatMillis, t -> send(new JsonObject().put("type", "heartbeat"))
        .onFailure(e -> {
          log.warn("heartbeat failed: {}", e.getMessage());
          if (socket != null) {
            socket.close();
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
    NetSocket s = socket;
    if (s == null) {
      return Future.failedFuture(new TrackerUnavailableException("tracker " + address() + " is not reachable"));
    }
    int id = nextId++;
    Promise<JsonObject> promise = Promise.promise();
    pending.put(id, promise);
    long timer = vertx.setTimer(requestTimeoutMillis, t -> {
      if (pending.remove(id) != null) {
        promise.tryFail(new TrackerUnavailableException("tracker did not answer within " + requestTimeoutMillis
            + " ms"));
      }
    });
    s.write(Frames.json(message.put("id", id)));
    return promise.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void onFrame(Buffer body) {
    JsonObject reply;
    try {
      reply = Frames.jsonOf(body);
    } catch (ProtocolException e) {
      log.warn("tracker sent a bad message: {}", e.getMessage());
      return;
    }
    Object id = reply.getValue("id");
    if (id == null) {
      eventHandler.handle(reply);
      return;
    }
    Promise<JsonObject> promise = id instanceof Integer i ? pending.remove(i) : null;
    if (promise == null) {
      return; // a reply that already timed out
    }
    if ("error".equals(reply.getString("type"))) {
      promise.fail(new TrackerException(reply.getString("code"), reply.getString("message")));
    } else {
      promise.complete(reply);
    }
  }
}
