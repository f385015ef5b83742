package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.ErrorCode;
import p2pshare.protocol.RpcServer;
import p2pshare.protocol.tracker.TrackerCodec;
import p2pshare.protocol.tracker.TrackerEvent;
import p2pshare.protocol.tracker.TrackerReply;
import p2pshare.protocol.tracker.TrackerReplyCodec;

/**
 * One peer's connection to the tracker: its requests go to the {@link RequestHandler} one at a time over a
 * {@link RpcServer}, which keeps memory bounded both ways. Events for a subscriber or watcher that does not keep up
 * are dropped, not queued, and it keeps its connection (and its membership): once its write queue drains it gets one
 * {@code resync} event, which says that it missed some.
 */
final class PeerSession {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  private static final Buffer RESYNC = TrackerReplyCodec.frame(new TrackerEvent.Resync());

  private final RpcServer connection;
  private final LongAdder eventsDropped;
  private String peerId;
  private final String certificateName;
  private boolean missedEvents;
  /** The fileIds this connection subscribed to ({@link SwarmInterest} keeps it). */
  private final Set<String> subscriptions = new HashSet<>();

  /**
   * @param eventsDropped counts the events dropped for watchers that read too slowly, over all sessions
   * @param certificateName the name in the peer's certificate (a private network), or null
   */
  PeerSession(RpcServer connection, RequestHandler handler, LongAdder eventsDropped, String certificateName) {
    this.connection = connection;
    this.certificateName = certificateName;
    this.eventsDropped = eventsDropped;
    connection.requestHandler(message -> handle(handler, message));
  }

  /** The name the peer's certificate gives it, in a private network; null in an open one. */
  String certificateName() {
    return certificateName;
  }

  Set<String> subscriptions() {
    return subscriptions;
  }

  /** The peerId once {@code join} has completed, else null. */
  String peerId() {
    return peerId;
  }

  void joined(String peerId) {
    this.peerId = peerId;
  }

  /** The address the connection comes from. */
  String remoteHost() {
    return connection.remoteHost();
  }

  boolean isOpen() {
    return connection.isOpen();
  }

  /** The address the connection comes from (not the host the peer advertises): what budgets are counted by. */
  String address() {
    return connection.remoteHost();
  }

  /** Stops reading; the connection closes once the replies already due are written. */
  void endAfterReplies() {
    connection.endAfterReplies();
  }

  void close() {
    connection.close();
  }

  /** Sends an event frame, or drops it if the peer is not reading fast enough. */
  void sendEvent(Buffer frame) {
    if (!isOpen()) {
      return;
    }
    if (missedEvents) {
      eventsDropped.increment();
      return;
    }
    if (connection.writeQueueFull()) {
      missedEvents = true;
      eventsDropped.increment();
      LOG.debug("dropping events for watcher {}: it does not read them fast enough", connection.remoteAddress());
      connection.whenWritable().onComplete(drained -> {
        missedEvents = false;
        if (isOpen()) {
          connection.sendFrame(RESYNC);
        }
      });
      return;
    }
    connection.sendFrame(frame);
  }

  private Future<Void> handle(RequestHandler handler, JsonObject message) {
    Future<Buffer> reply;
    try {
      reply = handler.handle(this, message);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    // Never let one request break the chain of the requests after it.
    return reply.otherwise(failure -> {
      LOG.warn("request {} from {} failed: {}", message.getValue("type"), connection.remoteAddress(),
          failure.toString());
      return TrackerReplyCodec.frame(TrackerCodec.idOf(message),
          new TrackerReply.Error(ErrorCode.BAD_REQUEST, "the tracker could not handle this"));
    }).compose(frame -> connection.sendFrame(frame).recover(e -> Future.succeededFuture()));
  }
}
