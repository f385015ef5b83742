package p2pshare.tracker.server;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.protocol.FrameReader;
import p2pshare.protocol.Frames;
import p2pshare.protocol.ProtocolException;

/**
 * One peer connection: reads frames, runs requests one after another so replies leave in request order, and
 * keeps memory bounded both ways. Reading pauses while {@value #MAX_PENDING} requests wait or the socket's write
 * queue is full; an event for a watcher that does not keep up closes its connection instead of queueing.
 */
final class PeerSession {
  static final int MAX_PENDING = 32;
  private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

  private final NetSocket socket;
  private final RequestHandler handler;
  private final FrameReader reader;
  private Future<Void> tail = Future.succeededFuture();
  private Future<Void> lastWrite = Future.succeededFuture();
  private int pending;
  private boolean paused;
  private boolean open = true;
  private boolean ending;
  private String peerId;

  PeerSession(NetSocket socket, int maxFrameBytes, RequestHandler handler, Consumer<PeerSession> onClose) {
    this.socket = socket;
    this.handler = handler;
    this.reader = new FrameReader(socket, maxFrameBytes, this::onFrame, this::onBrokenFrame);
    socket.drainHandler(v -> updateFlow());
    socket.exceptionHandler(e -> {
      LOG.debug("connection from {} failed: {}", socket.remoteAddress(), e.toString());
      socket.close();
    });
    socket.closeHandler(v -> {
      open = false;
      onClose.accept(this);
    });
  }

  /** The peerId once {@code join} has completed, else null. */
  String peerId() {
    return peerId;
  }

  void joined(String peerId) {
    this.peerId = peerId;
  }

  boolean isOpen() {
    return open && !ending;
  }

  /** Stops reading; the connection closes once the replies already due are written. */
  void endAfterReplies() {
    if (ending) {
      return;
    }
    ending = true;
    reader.pause();
    // Called from inside a request, tail may not include that request yet; its own write step closes then.
    tail.onComplete(v -> closeIfIdle());
  }

  void close() {
    ending = true;
    socket.close();
  }

  /** Sends an event frame to a watcher, or closes the connection if it is not reading fast enough. */
  void sendEvent(Buffer frame) {
    if (!isOpen()) {
      return;
    }
    if (socket.writeQueueFull()) {
      LOG.info("closing watcher {}: it does not read its events", socket.remoteAddress());
      close();
      return;
    }
    socket.write(frame);
  }

  private void onFrame(Buffer body) {
    if (ending) {
      return;
    }
    JsonObject message;
    try {
      message = Frames.jsonOf(body);
    } catch (ProtocolException e) {
      // The frame was readable, so say why before closing.
      JsonObject error = Replies.error(null, Replies.BAD_REQUEST, e.getMessage());
      tail = tail.compose(v -> write(error));
      endAfterReplies();
      return;
    }
    pending++;
    updateFlow();
    tail = tail.compose(v -> run(message)).compose(reply -> {
      write(reply);
      pending--;
      updateFlow();
      closeIfIdle();
      return Future.succeededFuture();
    });
  }

  private void onBrokenFrame(String why) {
    LOG.debug("closing connection from {}: {}", socket.remoteAddress(), why);
    endAfterReplies();
  }

  private Future<JsonObject> run(JsonObject message) {
    if (!isOpen()) {
      return Future.succeededFuture(null);
    }
    Future<JsonObject> reply;
    try {
      reply = handler.handle(this, message);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    // Never let one request break the chain of the requests after it.
    return reply.otherwise(failure -> {
      LOG.warn("request {} from {} failed: {}", message.getValue("type"), socket.remoteAddress(), failure.toString());
      return Replies.error(RequestFields.idOf(message), Replies.BAD_REQUEST, "the tracker could not handle this");
    });
  }

  private Future<Void> write(JsonObject reply) {
    if (reply != null && open) {
      lastWrite = socket.write(Frames.json(reply));
    }
    return Future.succeededFuture();
  }

  private void closeIfIdle() {
    if (ending && pending == 0) {
      lastWrite.onComplete(v -> socket.close());
    }
  }

  private void updateFlow() {
    boolean full = pending >= MAX_PENDING || socket.writeQueueFull();
    if (full && !paused) {
      paused = true;
      reader.pause();
    } else if (!full && paused && !ending) {
      paused = false;
      reader.resume();
    }
  }
}
