package p2pshare.peer.tracker;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.ProtocolException;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.tls.NetworkTls;

/**
 * Keeps this peer joined to the tracker, as the state machine of {@link TrackerState}: connects, says hello, joins
 * with the current file list ({@link JoinSequence}), heartbeats and updates ({@link JoinedSession}), and reconnects
 * with backoff, at the next tracker node of a cluster ({@link TrackerRotation}), under the peerId and secret of its
 * last join so that the cluster replaces its entry. A tracker that refuses the join for good is not asked again until
 * {@link #retryNow} or {@link RetryDelays#refusedRetryMs} later; {@link #refusal} says why. Requests fail fast with a
 * local {@link ProtocolException} ({@code closed}) unless joined. Use it from the event loop that created it.
 */
public final class TrackerClient {
  private static final Logger log = LoggerFactory.getLogger(TrackerClient.class);

  private final Vertx vertx;
  private final TrackerRotation rotation;
  private final String name;
  private final Supplier<JsonObject> joinRequest;
  private final long heartbeatMillis;
  private final long requestTimeoutMillis;
  private final TrackerStates<TrackerLink> states = new TrackerStates<>(TrackerLink::close);
  private final TrackerRefusal refusal = new TrackerRefusal();
  private final TrackerInterest interest = new TrackerInterest();
  private final Promise<Void> started = Promise.promise();
  private NetworkTls tls = NetworkTls.open();
  private NetClient client;
  private Future<Void> stopped;
  private TrackerMessages.Claim claim;
  private String peerId;
  private JoinedSession session;
  private JsonObject trackerNode = new JsonObject();
  private final NodeReach reach = new NodeReach();
  private int failedAttempts;
  private long disconnectedSince = System.currentTimeMillis();
  private Handler<JsonObject> eventHandler = event -> { };
  private Handler<Boolean> connectionHandler = joined -> { };

  /**
   * @param name this node's name, sent in the hello
   * @param joinRequest builds the {@code join} message (name, host, port, files) at the moment of each join
   */
  public TrackerClient(Vertx vertx, List<TrackerAddress> trackers, String name, Supplier<JsonObject> joinRequest,
      long heartbeatMillis, long requestTimeoutMillis) {
    this(vertx, trackers, name, joinRequest, heartbeatMillis, requestTimeoutMillis, RetryDelays.DEFAULT);
  }

  public TrackerClient(Vertx vertx, List<TrackerAddress> trackers, String name, Supplier<JsonObject> joinRequest,
      long heartbeatMillis, long requestTimeoutMillis, RetryDelays delays) {
    this.vertx = vertx;
    this.rotation = new TrackerRotation(trackers, delays, Math::random);
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

  /**
   * Receives the tracker's events: {@code sources-changed} of the files of {@link #interest}, {@code cluster} and
   * {@code resync}; from a tracker of version 2, which the client watches, {@code peer-joined}, {@code peer-left} and
   * {@code files-changed} too.
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

  /**
   * Starts joining. The future completes on the first join; it fails once every tracker address was tried once
   * without a join (with the last attempt's failure), at once when the tracker refuses this node for good, or when
   * {@link #stop} comes first. Whether it fails or not, the client keeps trying in the background until stopped.
   */
  public Future<Void> start() {
    if (client == null && states.is(TrackerState.DISCONNECTED)) {
      client = vertx.createNetClient(tls.client(new NetClientOptions().setConnectTimeout((int) requestTimeoutMillis)
          .setTcpNoDelay(true)));
      connect();
    }
    return started.future();
  }

  /**
   * Leaves the tracker if joined (bounded by the request timeout), then closes the connection and stops
   * reconnecting. Completes once all of that is done; calling it again returns the same future.
   */
  public Future<Void> stop() {
    if (stopped != null) {
      return stopped;
    }
    started.tryFail(ProtocolException.local(ErrorCode.CANCELLED, "stopped before joining a tracker"));
    Future<Void> left = Future.succeededFuture();
    if (states.is(TrackerState.JOINED) && states.moveTo(TrackerState.LEAVING, "stop")) {
      left = JoinSequence.leave(states.connection())
          .onSuccess(v -> log.info("left tracker {}", address()))
          .onFailure(e -> log.warn("could not leave tracker {}: {}", address(), e.getMessage()));
    }
    stopped = left.transform(ar -> {
      states.moveTo(TrackerState.STOPPED, "stop");
      return client == null ? Future.<Void>succeededFuture() : client.close();
    });
    return stopped;
  }

  /** Where this client is now; {@link TrackerState#wire} spells it for the node's status. */
  public TrackerState state() {
    return states.state();
  }

  /** True while joined. */
  public boolean connected() {
    return states.is(TrackerState.JOINED);
  }

  /** When the tracker was last lost (or this client started) if not joined now; 0 while joined. */
  public long disconnectedSince() {
    return disconnectedSince;
  }

  /** Why the tracker refused this node's join or part of its file list, or what keeps any join from working; or null. */
  public String refusal() {
    return refusal.text();
  }

  /** The id the tracker gave this peer at the last join while joined, or null. */
  public String peerId() {
    return connected() ? peerId : null;
  }

  /** The tracker node joined now, or tried next. */
  public String address() {
    return rotation.current().toString();
  }

  /**
   * What the tracker said of itself at the last join: {@code {"clustered": false}}, or with {@code node} (the
   * node's id) and {@code members} ({@code [{node, host, port}]}); empty before a join.
   */
  public JsonObject trackerNode() {
    return trackerNode;
  }

  /** Whether other peers can open connections to this node, as the tracker found: see {@link NodeReach#toJson}. */
  public JsonObject reachability() {
    return reach.toJson();
  }

  /**
   * The files whose sources this node wants to hear about as they change (its downloads'): subscribed at the tracker
   * while joined ({@link TrackerInterest}), events {@code sources-changed}.
   */
  public void interest(Set<String> fileIds) {
    interest.want(fileIds);
  }

  /** True while the tracker tells this node of {@code fileId}'s sources as they change. */
  public boolean pushed(String fileId) {
    return interest.pushed(fileId);
  }

  /** After a refusal, tries to join again now (the file list or the settings may have changed). */
  public void retryNow() {
    if (states.is(TrackerState.REFUSED)) {
      connect();
    }
  }

  /**
   * Sends a request and returns the reply; a tracker {@code error} reply fails with a
   * {@linkplain ProtocolException#refused() refusal}.
   */
  public Future<JsonObject> request(JsonObject message) {
    if (!connected()) {
      return Future.failedFuture(ProtocolException.local(ErrorCode.CLOSED, "tracker " + address()
          + " is not reachable"));
    }
    return states.connection().request(message);
  }

  /**
   * Reports added and removed files: sent while joined, queued while joining (the join under way carries the list as
   * it was when it began), dropped otherwise because the next join sends the whole list.
   */
  public void update(JsonArray add, JsonArray remove) {
    if (add.isEmpty() && remove.isEmpty()) {
      return;
    }
    if (states.is(TrackerState.JOINED)) {
      session.update(add, remove);
    } else {
      states.queue(FileListParts.updates(add, remove));
    }
  }

  private void connect() {
    if (!states.moveTo(TrackerState.CONNECTING, "connect to " + address())) {
      return;
    }
    TrackerLink.open(vertx, client, rotation.current(), tls, requestTimeoutMillis).onComplete(ar -> {
      if (!states.is(TrackerState.CONNECTING)) {
        if (ar.succeeded()) {
          ar.result().close(); // stopped meanwhile
        }
      } else if (ar.failed()) {
        states.moveTo(TrackerState.DISCONNECTED, "connection failed");
        attemptFailed(ar.cause());
      } else if (states.joining(ar.result())) {
        join(ar.result());
      }
    });
  }

  private void join(TrackerLink link) {
    link.eventHandler(this::event).closeHandler(v -> closed(link));
    JsonObject request = joinRequest.get();
    JoinSequence.join(link, name, request, claim).onComplete(ar -> {
      if (states.connection() != link || !states.is(TrackerState.JOINING)) {
        return; // stopped meanwhile
      }
      if (ar.succeeded()) {
        joined(link, ar.result(), TrackerMessages.fileCount(request));
      } else if (ar.cause() instanceof ProtocolException e && claim != null && e.isRefusal(ErrorCode.BAD_REQUEST)) {
        // Our old peerId is not ours to claim any more: join as a new peer.
        log.warn("tracker {} refused this node's old peerId ({}); joining as a new peer", address(), e.getMessage());
        claim = null;
        states.moveTo(TrackerState.DISCONNECTED, "old peerId refused");
        retryLater("joining as a new peer", rotation.nextBackoff());
      } else if (ar.cause() instanceof ProtocolException e && e.refused()) {
        refusal.joinRefused(e, rotation.refusedRetryMs());
        states.moveTo(TrackerState.REFUSED, "join refused");
        retryLater("tracker " + address() + " refused this node", rotation.refusedRetryMs());
        connectionHandler.handle(false);
        started.tryFail(e);
      } else {
        states.moveTo(TrackerState.DISCONNECTED, "join failed");
        attemptFailed(ar.cause());
      }
    });
  }

  private void joined(TrackerLink link, TrackerMessages.Joined reply, int files) {
    claim = reply.claim(); // null from a tracker that does not let peers join again under their id
    List<JsonObject> changes = states.takeQueued();
    if (changes == null) {
      states.moveTo(TrackerState.DISCONNECTED, "too many changes while joining");
      retryLater("the shared files changed too much while joining; joining again with the whole list",
          rotation.nextBackoff());
      return;
    }
    states.moveTo(TrackerState.JOINED, "joined");
    boolean again = peerId != null;
    peerId = reply.peerId();
    trackerNode = reply.trackerNode();
    reach.joined(reply.observedHost(), reply.noProbe(), link.version());
    disconnectedSince = 0;
    failedAttempts = 0;
    rotation.joined();
    refusal.joined(rotation.current());
    log.info("{} tracker {} as {} with {} files", again ? "rejoined" : "joined", address(), peerId, files);
    session = new JoinedSession(vertx, link, interest, refusal::updateRefused);
    states.own(session::end);
    session.begin(JoinedSession.pace(reply.heartbeatMillis(), heartbeatMillis), changes);
    connectionHandler.handle(true);
    started.tryComplete();
  }

  private void event(JsonObject event) {
    JsonObject node = TrackerMessages.clusterNode(event);
    trackerNode = node != null ? node : trackerNode;
    TrackerEvent.Reach heard = TrackerMessages.reach(event);
    if (heard != null) {
      reach.heard(heard);
    }
    eventHandler.handle(event);
  }

  /** The connection closed under a joined client (while joining, the join's own failure says what happened). */
  private void closed(TrackerLink link) {
    if (states.connection() != link || !states.is(TrackerState.JOINED)) {
      return;
    }
    disconnectedSince = System.currentTimeMillis();
    if (refusal.updateRefused()) {
      states.moveTo(TrackerState.REFUSED, "connection lost after a refusal");
      retryLater("tracker " + address() + " refused this node", rotation.refusedRetryMs());
    } else {
      states.moveTo(TrackerState.DISCONNECTED, "connection lost");
      retryLater("lost the tracker " + address(), rotation.nextBackoff());
    }
    connectionHandler.handle(false);
  }

  /** An attempt that ended without a join and without a refusal: try again later, at the next tracker. */
  private void attemptFailed(Throwable cause) {
    if (cause instanceof ProtocolException e && e.isLocal(ErrorCode.TLS)) {
      refusal.blocked(e);
    }
    retryLater(cause.getMessage(), rotation.nextBackoff());
    if (++failedAttempts >= rotation.size()) {
      started.tryFail(cause);
    }
  }

  /** Tries again after {@code delay}, at the next tracker node if there are several; the wait is the state's own. */
  private void retryLater(String why, long delay) {
    rotation.advance();
    log.warn("{}; trying tracker {} in {} ms", why, address(), delay);
    long timer = vertx.setTimer(delay, t -> connect());
    states.own(() -> vertx.cancelTimer(timer));
  }
}
