package p2pshare.protocol;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.channels.FileChannel;
import java.util.function.Function;

/**
 * The serving side of a {@link FrameChannel} (docs/protocol.md, "Framing" and "Hello"): requests go to the
 * {@link #requestHandler} one at a time, in order; each writes its own reply. A request is handled only once the
 * socket's write queue is below its mark, so the bytes a connection has not yet sent stay under that mark plus one
 * reply, however many requests it pipelines. Reading stops while {@code maxWaiting} requests, or
 * {@code maxFrameBytes} of them, wait (or the write queue is full: the channel's rule), and starts again when none
 * holds.
 *
 * <p>A server that {@link #serveHello}s answers a first {@code hello}; a first message of any other type marks a
 * version-1 peer. One that {@link #refuseHello}s answers the first message with an error and ends.
 *
 * <p>Runs on the channel's event loop only.
 */
public final class RpcServer {
  private final FrameChannel channel;
  private final int maxWaiting;
  private Function<JsonObject, Future<Void>> requestHandler = message -> Future.succeededFuture();
  private Handler<JsonObject> pushHandler;
  private Future<Void> tail = Future.succeededFuture();
  private int waiting;
  private long waitingBytes;
  private String helloName;
  private JsonObject helloRefusal;
  private String remoteName;
  private int version;
  private int speaks = Hello.VERSION;

  /** @param maxWaiting requests received and not yet answered before reading pauses */
  public RpcServer(FrameChannel channel, int maxWaiting) {
    this.channel = channel;
    this.maxWaiting = maxWaiting;
    channel.frameHandler(this::onFrame);
  }

  public FrameChannel channel() {
    return channel;
  }

  /** Handles requests; the future completes once the reply is written, and a failed one closes the connection. */
  public RpcServer requestHandler(Function<JsonObject, Future<Void>> handler) {
    this.requestHandler = handler;
    return this;
  }

  /**
   * Takes the messages without an id (a downloader's {@code cancel}) at once, out of turn, instead of the request
   * handler; without it they are served as requests.
   */
  public RpcServer pushHandler(Handler<JsonObject> handler) {
    this.pushHandler = handler;
    return this;
  }

  /** Told once, with why, when the connection closes for any reason. */
  public RpcServer closeHandler(Handler<ProtocolException> handler) {
    channel.closeHandler(handler);
    return this;
  }

  /** Answers a first {@code hello} with this node's name and the agreed version. */
  public RpcServer serveHello(String name) {
    return serveHello(name, Hello.VERSION);
  }

  /**
   * Answers a first {@code hello} as a node that speaks protocol versions up to {@code speaks} (an older node, as
   * compatibility tests need one).
   */
  public RpcServer serveHello(String name, int speaks) {
    this.helloName = name;
    this.speaks = speaks;
    return this;
  }

  /**
   * Answers the first message (a hello) with this error and ends the connection: a server that will not serve this
   * client says why (a revoked certificate, say) instead of closing without a word.
   */
  public RpcServer refuseHello(ErrorCode code, String message) {
    this.helloRefusal = Frames.error(null, code, message);
    return this;
  }

  /** The protocol version agreed on this connection: 0 before the first message, 1 for a peer without hello. */
  public int version() {
    return version;
  }

  /** The name the other side gave in its hello; null before it, or from a version-1 peer. */
  public String remoteName() {
    return remoteName;
  }

  public boolean isOpen() {
    return channel.isOpen();
  }

  public String remoteAddress() {
    return channel.remoteAddress();
  }

  public String remoteHost() {
    return channel.remoteHost();
  }

  public boolean writeQueueFull() {
    return channel.writeQueueFull();
  }

  /** See {@link FrameChannel#whenWritable}. */
  public Future<Void> whenWritable() {
    return channel.whenWritable();
  }

  /** Writes a reply or a push. */
  public Future<Void> send(JsonObject message) {
    return channel.send(message);
  }

  /** See {@link FrameChannel#sendFrame}. */
  public Future<Void> sendFrame(Buffer frame) {
    return channel.sendFrame(frame);
  }

  /** See {@link FrameChannel#sendFile(int, String, long, int)}. */
  public Future<Void> sendFile(int requestId, String path, long offset, int length) {
    return channel.sendFile(requestId, path, offset, length);
  }

  /** See {@link FrameChannel#sendFile(int, FileChannel, long, int)}. */
  public Future<Void> sendFile(int requestId, FileChannel file, long offset, int length) {
    return channel.sendFile(requestId, file, offset, length);
  }

  /** Stops reading; closes once the replies already due are written. */
  public void endAfterReplies() {
    if (channel.isEnding()) {
      return;
    }
    channel.endReading();
    closeIfIdle();
  }

  public void close() {
    channel.close();
  }

  private void onFrame(Frame frame) {
    if (frame.isData()) {
      channel.giveBack(frame.data()); // a server asks nothing, so no DATA answers it
      return;
    }
    JsonObject message;
    try {
      message = Frames.jsonOf(frame.body());
    } catch (ProtocolException e) {
      // The frame was readable, so say why before closing.
      reply(Frames.error(null, e.code() == ErrorCode.BAD_FRAME ? ErrorCode.BAD_REQUEST : e.code(),
          e.getMessage()));
      endAfterReplies();
      return;
    }
    if (message.getValue("id") == null && pushHandler != null) {
      pushHandler.handle(message);
    } else if (!channel.isEnding()) {
      received(message, frame.body().length());
    }
  }

  private void received(JsonObject message, int size) {
    waiting++;
    waitingBytes += size;
    channel.holdBytes(size);
    updateFlow();
    // Each reply waits for the write queue to drain below its mark: a reader that falls behind holds up the next
    // request, and then reading, instead of making this side queue reply after reply.
    tail = tail.transform(previous -> channel.whenWritable()).transform(writableNow -> handle(message))
        .andThen(done -> {
          waiting--;
          waitingBytes -= size;
          channel.holdBytes(-size);
          if (done.failed()) {
            close();
          } else {
            updateFlow();
            closeIfIdle();
          }
        });
  }

  private Future<Void> handle(JsonObject message) {
    if (!channel.isOpen()) {
      return Future.succeededFuture();
    }
    if (helloRefusal != null) {
      Future<Void> said = reply(helloRefusal.copy().put("id", message.getValue("id")));
      endAfterReplies();
      return said;
    }
    if (Hello.is(message)) {
      return version == 0 && helloName != null ? greet(message)
          : reply(Frames.error(message.getValue("id"), ErrorCode.BAD_REQUEST, "hello must be the first message"));
    }
    if (version == 0 && helloName != null) {
      version = 1; // a peer from before hello
    }
    try {
      return requestHandler.apply(message);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Answers the first message, a hello, with the version both speak, or refuses one too old and ends. */
  private Future<Void> greet(JsonObject hello) {
    try {
      version = Math.min(speaks, Hello.agree(hello));
      remoteName = hello.getValue("name") instanceof String name ? name : null;
      return reply(Hello.of(helloName).put("version", version).put("id", hello.getValue("id")));
    } catch (ProtocolException e) {
      endAfterReplies();
      return reply(Frames.error(hello.getValue("id"), e.code(), e.getMessage()));
    }
  }

  private Future<Void> reply(JsonObject message) {
    return send(message).recover(e -> Future.succeededFuture());
  }

  private void updateFlow() {
    channel.holdReading(waiting >= maxWaiting || waitingBytes >= channel.limits().maxFrameBytes());
  }

  /** Once ending, closes when no request waits, after the last write (a request may end it from inside). */
  private void closeIfIdle() {
    if (channel.isEnding() && waiting == 0) {
      channel.closeAfterLastWrite();
    }
  }
}
