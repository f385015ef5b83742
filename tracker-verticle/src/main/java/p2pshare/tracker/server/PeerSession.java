package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.FramedConnection;
import p2pshare.protocol.Frames;

/**
 * One peer's connection to the tracker: its requests go to the {@link RequestHandler} one at a time over a
 * {@link FramedConnection}, which keeps memory bounded both ways. An event for a watcher that does not keep up
 * closes its connection instead of queueing.
 */
final class PeerSession {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  private final FramedConnection connection;
  private String peerId;

  PeerSession(FramedConnection connection, RequestHandler handler) {
    this.connection = connection;
    connection.requestHandler(message -> handle(handler, message));
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

  /** Stops reading; the connection closes once the replies already due are written. */
  void endAfterReplies() {
    connection.endAfterReplies();
  }

  void close() {
    connection.close();
  }

  /** Sends an event frame to a watcher, or closes the connection if it is not reading fast enough. */
  void sendEvent(Buffer frame) {
    if (!isOpen()) {
      return;
    }
    if (connection.writeQueueFull()) {
      LOG.info("closing watcher {}: it does not read its events", connection.remoteAddress());
      close();
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
      return Frames.json(Frames.error(RequestFields.idOf(message), Replies.BAD_REQUEST,
          "the tracker could not handle this"));
    }).compose(frame -> connection.sendFrame(frame).recover(e -> Future.succeededFuture()));
  }
}
