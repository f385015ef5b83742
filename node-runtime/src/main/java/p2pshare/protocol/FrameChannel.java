package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import p2pshare.net.HostText;
import p2pshare.netty.OpenFileWrites;

/**
 * One connection of either protocol as frames in and frames out (docs/protocol.md, "Framing"), below requests and
 * replies: an {@link RpcClient} or an {@link RpcServer} reads its frames and writes through it.
 *
 * <p>Flow control ({@link FlowControl}): reading stops while the socket's write queue is full, while the reader holds
 * it ({@link #holdReading}), or once the channel ends, and starts again when none holds. {@link #whenWritable} tells
 * a writer when the write queue is below its mark again.
 *
 * <p>With {@code stallMillis}, a channel on which something is awaited (an answer its reader expects, or the rest of
 * a frame) and no frame completes for that long is closed with {@code timeout}. However it closes, the close
 * handlers are told once, with why.
 *
 * <p>Runs on the socket's event loop only.
 */
public final class FrameChannel {
  /**
   * @param maxFrameBytes largest JSON frame accepted
   * @param maxDataBytes largest DATA payload accepted, 0 for none
   * @param stallMillis see the class comment; 0 for no limit
   */
  public record Limits(int maxFrameBytes, int maxDataBytes, long stallMillis) {
  }

  private final NetSocket socket;
  private final Limits limits;
  private final FrameStream frames;
  private final FlowControl flow;
  private final List<Handler<ProtocolException>> closeHandlers = new ArrayList<>();
  private Handler<Frame> frameHandler = frame -> { };
  private BiFunction<Integer, Integer, Future<ByteBuffer>> dataTargets;
  private Consumer<ByteBuffer> giveBack = unused -> { };
  private BooleanSupplier answersDue = () -> false;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long heldBytes;
  private long unsentBytes;
  private LongAdder bufferedTotal;
  private StallWatch stalls;
  private ProtocolException closedBy;

  public FrameChannel(Vertx vertx, NetSocket socket, Limits limits) {
    this(vertx, socket, limits, null);
  }

  /**
   * @param budget the node's receive budget, which JSON frames being read on this channel are reserved from (null:
   *     none); time spent waiting for it, or for a DATA target, is not the other side's stall
   */
  public FrameChannel(Vertx vertx, NetSocket socket, Limits limits, ReceiveBudget budget) {
    this.socket = socket;
    this.limits = limits;
    this.frames = new FrameStream(socket, limits.maxFrameBytes(), limits.maxDataBytes(),
        limits.maxDataBytes() > 0 ? this::dataTarget : null, buffer -> giveBack.accept(buffer), budget);
    this.flow = new FlowControl(socket, frames);
    frames.handler(this::onFrame);
    frames.exceptionHandler(e -> fail(e instanceof ProtocolException p ? p
        : ProtocolException.local(ErrorCode.BAD_FRAME, e.getMessage())));
    frames.endHandler(v -> fail(ProtocolException.local(ErrorCode.CLOSED, "connection closed")));
    socket.exceptionHandler(e -> fail(ProtocolException.local(ErrorCode.CLOSED,
        "connection error: " + e.getMessage())));
    socket.drainHandler(v -> flow.drained());
    if (limits.stallMillis() > 0) {
      stalls = new StallWatch(vertx, limits.stallMillis(), () -> awaiting() && !frames.waitingForRoom(),
          idleMillis -> fail(ProtocolException.local(ErrorCode.TIMEOUT,
              "the other side sent nothing usable for " + idleMillis + " ms")));
    }
  }

  /** Reads {@code prefix} (bytes read off the socket before this channel existed) as the first bytes received. */
  public void replay(ByteBuf prefix) {
    frames.feed(prefix);
  }

  public Limits limits() {
    return limits;
  }

  /** Takes every frame read, in order. */
  public FrameChannel frameHandler(Handler<Frame> handler) {
    this.frameHandler = handler;
    return this;
  }

  /**
   * Where the payloads of DATA frames go, per request id and length (see {@link FrameDecoder.Sink#dataTarget}; a null
   * target reads the payload and drops it), and who takes back a buffer nobody will read: one left behind by a
   * closed channel or a request given up.
   */
  public FrameChannel dataTargets(BiFunction<Integer, Integer, Future<ByteBuffer>> targets,
      Consumer<ByteBuffer> giveBack) {
    this.dataTargets = targets;
    this.giveBack = giveBack;
    return this;
  }

  /** Gives a DATA payload nobody will read back to its owner. */
  void giveBack(ByteBuffer buffer) {
    giveBack.accept(buffer);
  }

  /** Told once, with why, when the channel closes for any reason; handlers are told in the order they were added. */
  public FrameChannel closeHandler(Handler<ProtocolException> handler) {
    closeHandlers.add(handler);
    return this;
  }

  /** Whether the reader awaits an answer: the stall watch runs only while it does (or a frame has begun). */
  void answersDue(BooleanSupplier due) {
    this.answersDue = due;
  }

  /** The reader starts to await an answer: if nothing was awaited, the idle time so far is not a stall. */
  void awaitingStarts() {
    if (stalls != null && !awaiting()) {
      stalls.progress();
    }
  }

  public boolean isOpen() {
    return closedBy == null;
  }

  /** Why the channel closed; null while it is open. */
  public ProtocolException closedBy() {
    return closedBy;
  }

  public String remoteAddress() {
    return HostText.of(socket.remoteAddress());
  }

  public String remoteHost() {
    return HostText.canonical(socket.remoteAddress().hostAddress());
  }

  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Completes once the write queue is below its mark: at once if it is, else when it drains or the channel ends. */
  public Future<Void> whenWritable() {
    return flow.whenWritable();
  }

  /**
   * Bytes this channel holds: what its reader holds read and not yet handled ({@link #holdBytes}), and frames written
   * that the socket has not yet taken (they wait in the write queue).
   */
  public long bufferedBytes() {
    return heldBytes + unsentBytes;
  }

  /** Also keeps {@link #bufferedBytes} added up in {@code total}, shared by the channels of a server. */
  public FrameChannel countBufferedIn(LongAdder total) {
    this.bufferedTotal = total;
    return this;
  }

  /** Counts bytes the reader holds in (positive) or out (negative) of {@link #bufferedBytes}. */
  void holdBytes(long delta) {
    heldBytes += delta;
    countTotal(delta);
  }

  /** Stops reading while {@code hold} is true (the reader has as much waiting as it takes), resumes after. */
  void holdReading(boolean hold) {
    flow.hold(hold);
  }

  /** True once the channel stops reading for good: it is ending, or closed. */
  public boolean isEnding() {
    return flow.ending();
  }

  /** Stops reading for good; what is written still goes out. */
  void endReading() {
    flow.end();
  }

  /** Closes once the last reply or push written ({@link #send}, {@link #sendFrame}, {@link #sendFile}) is out. */
  void closeAfterLastWrite() {
    lastWrite.onComplete(v -> socket.close());
  }

  /** Writes a reply or a push. */
  public Future<Void> send(JsonObject message) {
    return sendFrame(Frames.json(message));
  }

  /** Writes a frame already encoded with {@link Frames}: one event for many watchers is encoded once. */
  public Future<Void> sendFrame(Buffer frame) {
    if (closedBy != null) {
      return Future.failedFuture(closedBy);
    }
    lastWrite = write(frame);
    return lastWrite;
  }

  /** Writes a DATA frame answering {@code requestId} whose payload is part of a file, sent without copying it. */
  public Future<Void> sendFile(int requestId, String path, long offset, int length) {
    if (closedBy != null) {
      return Future.failedFuture(closedBy);
    }
    write(Frames.dataHeader(requestId, length));
    unsent(length);
    lastWrite = socket.sendFile(path, offset, length).andThen(done -> unsent(-length));
    return lastWrite;
  }

  /**
   * Writes a DATA frame answering {@code requestId} whose payload is part of an open file, sent without copying it
   * when there is no TLS ({@link OpenFileWrites}): so the bytes sent come from exactly the file the caller opened and
   * checked. The caller closes {@code file} once the returned future completes.
   */
  public Future<Void> sendFile(int requestId, FileChannel file, long offset, int length) {
    if (closedBy != null) {
      return Future.failedFuture(closedBy);
    }
    socket.write(Frames.dataHeader(requestId, length));
    lastWrite = OpenFileWrites.write(socket, file, offset, length);
    return lastWrite;
  }

  /** Writes a frame, counted in {@link #bufferedBytes} until the socket takes it (a request: not a last write). */
  Future<Void> write(Buffer frame) {
    int size = frame.length();
    unsent(size);
    return socket.write(frame).andThen(done -> unsent(-size));
  }

  public void close() {
    flow.end();
    socket.close();
  }

  private void onFrame(Frame frame) {
    if (stalls != null) {
      stalls.progress();
    }
    frameHandler.handle(frame);
  }

  private boolean awaiting() {
    return answersDue.getAsBoolean() || frames.midFrame();
  }

  private Future<ByteBuffer> dataTarget(int requestId, int length) {
    return dataTargets != null ? dataTargets.apply(requestId, length) : Future.succeededFuture(null);
  }

  private void unsent(long delta) {
    unsentBytes += delta;
    countTotal(delta);
  }

  private void countTotal(long delta) {
    if (bufferedTotal != null) {
      bufferedTotal.add(delta);
    }
  }

  private void fail(ProtocolException cause) {
    if (closedBy != null) {
      return;
    }
    closedBy = cause;
    if (stalls != null) {
      stalls.stop();
    }
    flow.closed();
    socket.close();
    frames.abandon(); // buffers being filled go back now, not when the close arrives
    for (Handler<ProtocolException> handler : List.copyOf(closeHandlers)) {
      handler.handle(cause);
    }
  }
}
