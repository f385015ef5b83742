package p2pshare.protocol;

import io.netty.channel.DefaultFileRegion;
import io.netty.handler.stream.ChunkedNioFile;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One connection of either protocol, for both of its ends (docs/protocol.md, "Framing" and "Hello").
 *
 * <p>Asking: {@link #request} gives each request an id and completes it with the frame that carries that id, JSON or
 * DATA, in whatever order they come; frames that answer nothing pending are pushes ({@link #pushHandler}) or, for a
 * request given up with {@link #forget}, dropped. With {@code stallMillis}, a connection on which something is
 * awaited (a reply, or the rest of a frame) and no frame completes for that long is closed with {@code timeout}.
 *
 * <p>Serving: requests go to the {@link #requestHandler} one at a time, in order; each writes its own reply. A request
 * is handled only once the socket's write queue is below its mark, so the bytes a connection has not yet sent stay
 * under that mark plus one reply, however many requests it pipelines. Reading stops while {@code maxWaiting} requests,
 * or {@code maxFrameBytes} of them, wait or the write queue is full, and starts again when none holds: the one
 * flow-control rule. A server that {@link #serveHello}s answers a first {@code hello}; a first message of any other
 * type marks a version-1 peer.
 *
 * <p>Runs on the socket's event loop only.
 */
public final class FramedConnection {
  /**
   * @param maxFrameBytes largest JSON frame accepted
   * @param maxDataBytes largest DATA payload accepted, 0 for none
   * @param maxWaiting requests received and not yet answered before reading pauses
   * @param stallMillis see the class comment; 0 for no limit
   */
  public record Limits(int maxFrameBytes, int maxDataBytes, int maxWaiting, long stallMillis) {
  }

  private final NetSocket socket;
  private final Limits limits;
  private final FrameStream frames;
  private final Map<Integer, Promise<Frame>> pending = new LinkedHashMap<>();
  private Function<JsonObject, Future<Void>> requestHandler;
  private Handler<JsonObject> pushHandler = push -> { };
  private boolean takesPushes;
  private Handler<ProtocolException> closeHandler = cause -> { };
  private BiFunction<Integer, Integer, Future<ByteBuffer>> dataTargets;
  private Consumer<ByteBuffer> giveBack = unused -> { };
  private Future<Void> tail = Future.succeededFuture();
  private Future<Void> lastWrite = Future.succeededFuture();
  private int waiting;
  private long waitingBytes;
  private long unsentBytes;
  private LongAdder bufferedTotal;
  private Promise<Void> writable;
  private boolean readPaused;
  private boolean ending;
  private int nextId = 1;
  private StallWatch stalls;
  /**
   * Over TLS, a file is read and encrypted this many bytes at a time (measured: 64 KiB pieces cost the seeders a
   * third more CPU than 1 MiB ones). One piece per connection is in memory while it goes out.
   */
  private static final int TLS_PIECE = 1024 * 1024;
  private String helloName;
  private JsonObject helloRefusal;
  private String remoteName;
  private int version;
  private ProtocolException closedBy;

  public FramedConnection(Vertx vertx, NetSocket socket, Limits limits) {
    this(vertx, socket, limits, null);
  }

  /**
   * @param budget the node's receive budget, which JSON frames being read on this connection are reserved from
   *     (null: none); time spent waiting for it, or for a DATA target, is not the other side's stall
   */
  public FramedConnection(Vertx vertx, NetSocket socket, Limits limits, ReceiveBudget budget) {
    this.socket = socket;
    this.limits = limits;
    this.frames = new FrameStream(socket, limits.maxFrameBytes(), limits.maxDataBytes(),
        limits.maxDataBytes() > 0 ? this::dataTarget : null, buffer -> giveBack.accept(buffer), budget);
    frames.handler(this::onFrame);
    frames.exceptionHandler(e -> fail(e instanceof ProtocolException p ? p
        : ProtocolException.local(ErrorCode.BAD_FRAME, e.getMessage())));
    frames.endHandler(v -> fail(ProtocolException.local(ErrorCode.CLOSED, "connection closed")));
    socket.exceptionHandler(e -> fail(ProtocolException.local(ErrorCode.CLOSED,
        "connection error: " + e.getMessage())));
    socket.drainHandler(v -> drained());
    if (limits.stallMillis() > 0) {
      stalls = new StallWatch(vertx, limits.stallMillis(),
          () -> (!pending.isEmpty() || frames.midFrame()) && !frames.waitingForRoom(),
          idleMillis -> fail(ProtocolException.local(ErrorCode.TIMEOUT,
              "the other side sent nothing usable for " + idleMillis + " ms")));
    }
  }

  /** Handles requests; the future completes once the reply is written, and a failed one closes the connection. */
  public FramedConnection requestHandler(Function<JsonObject, Future<Void>> handler) {
    this.requestHandler = handler;
    return this;
  }

  /**
   * Messages without an id, or with one that answers no request of ours. Once set, a serving connection also
   * hands its messages without an id here (a downloader's {@code cancel}) instead of to the request handler.
   */
  public FramedConnection pushHandler(Handler<JsonObject> handler) {
    this.pushHandler = handler;
    this.takesPushes = true;
    return this;
  }

  /** Told once, with why, when the connection closes for any reason. */
  public FramedConnection closeHandler(Handler<ProtocolException> handler) {
    this.closeHandler = handler;
    return this;
  }

  /**
   * Where the payloads of DATA frames go, per request id and length (see {@link FrameDecoder.Sink#dataTarget}), and
   * who takes back a buffer nobody will read: one left behind by a closed connection or a forgotten request.
   */
  public FramedConnection dataTargets(BiFunction<Integer, Integer, Future<ByteBuffer>> targets,
      Consumer<ByteBuffer> giveBack) {
    this.dataTargets = targets;
    this.giveBack = giveBack;
    return this;
  }

  /**
   * Answers the first message (a hello) with this error and ends the connection: a server that will not serve this
   * client says why (a revoked certificate, say) instead of closing without a word.
   */
  public FramedConnection refuseHello(ErrorCode code, String message) {
    this.helloRefusal = Frames.error(null, code, message);
    return this;
  }

  /** Answers a first {@code hello} with this node's name and the agreed version. */
  public FramedConnection serveHello(String name) {
    this.helloName = name;
    return this;
  }

  /** The protocol version agreed on this connection: 0 before the first message, 1 for a peer without hello. */
  public int version() {
    return version;
  }

  /** The name the other side gave in the hello this side served; null before it, or from a version-1 peer. */
  public String remoteName() {
    return remoteName;
  }

  public boolean isOpen() {
    return closedBy == null;
  }

  public int inFlight() {
    return pending.size();
  }

  public String remoteAddress() {
    return String.valueOf(socket.remoteAddress());
  }

  public String remoteHost() {
    return socket.remoteAddress().hostAddress();
  }

  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  /** Completes once the write queue is below its mark: at once if it is, else when it drains or the connection ends. */
  public Future<Void> whenWritable() {
    if (closedBy != null || !socket.writeQueueFull()) {
      return Future.succeededFuture();
    }
    if (writable == null) {
      writable = Promise.promise();
    }
    return writable.future();
  }

  /**
   * Bytes this connection holds: requests read and not yet answered, and frames written that the socket has not yet
   * taken (they wait in the write queue).
   */
  public long bufferedBytes() {
    return waitingBytes + unsentBytes;
  }

  /** Also keeps {@link #bufferedBytes} added up in {@code total}, shared by the connections of a server. */
  public FramedConnection countBufferedIn(LongAdder total) {
    this.bufferedTotal = total;
    return this;
  }

  /** Says hello; completes with the other side's hello once both agree on a version. */
  public Future<JsonObject> hello(String name) {
    return request(Hello.of(name)).compose(theirs -> {
      try {
        version = Hello.agree(theirs);
        return Future.succeededFuture(theirs);
      } catch (ProtocolException e) {
        close();
        return Future.failedFuture(e);
      }
    });
  }

  /**
   * Sends a request and completes with its JSON reply; an {@code error} reply fails with a {@link ProtocolException}
   * carrying its code, and so does a closed connection ({@code closed}) or a stall ({@code timeout}).
   */
  public Future<JsonObject> request(JsonObject message) {
    return call(message).future().compose(frame -> {
      if (frame.isData()) {
        giveBack.accept(frame.data());
        return Future.failedFuture(ProtocolException.local(ErrorCode.BAD_FRAME, "expected a JSON reply, got data"));
      }
      JsonObject reply;
      try {
        reply = Frames.jsonOf(frame.body());
      } catch (ProtocolException e) {
        return Future.failedFuture(e);
      }
      if ("error".equals(reply.getValue("type"))) {
        return Future.failedFuture(ProtocolException.refusal(String.valueOf(reply.getValue("code")),
            String.valueOf(reply.getValue("message"))));
      }
      return Future.succeededFuture(reply);
    });
  }

  /** Sends a request (its id is set here); the call completes with the frame that answers it. */
  public Call<Frame> call(JsonObject message) {
    if (closedBy != null) {
      return Call.failed(closedBy);
    }
    int id = nextId++;
    Promise<Frame> promise = Promise.promise();
    if (stalls != null && pending.isEmpty() && !frames.midFrame()) {
      stalls.progress();
    }
    pending.put(id, promise);
    write(Frames.json(message.put("id", id)));
    return new Call<>(id, promise.future(), () -> forget(id));
  }

  /** Gives up waiting for request {@code id}: its answer, if it comes, is dropped. */
  private void forget(int id) {
    Promise<Frame> promise = pending.remove(id);
    if (promise != null) {
      promise.tryFail(ProtocolException.local(ErrorCode.CANCELLED, "request " + id + " was given up"));
    }
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
   * (a Netty file region, as {@code NetSocket.sendFile} writes, but from a file the caller opened and checked rather
   * than a path opened again here: so the bytes sent come from exactly that file). Over TLS the bytes must pass
   * through the encryption, so they are read in pieces of up to 1 MiB and written as they go (Netty's chunked file,
   * as Vert.x's own {@code sendFile} does over TLS; it closes {@code file} when done). The caller closes {@code file} once the
   * returned future completes.
   */
  public Future<Void> sendFile(int requestId, FileChannel file, long offset, int length) {
    if (closedBy != null) {
      return Future.failedFuture(closedBy);
    }
    socket.write(Frames.dataHeader(requestId, length));
    if (socket.isSsl()) {
      try {
        lastWrite = ((NetSocketInternal) socket).writeMessage(new ChunkedNioFile(file, offset, length, TLS_PIECE));
      } catch (IOException e) {
        lastWrite = Future.failedFuture(e);
      }
      return lastWrite;
    }
    // Retained: Netty releases the region once written, which would close the caller's channel under it.
    lastWrite = ((NetSocketInternal) socket).writeMessage(new DefaultFileRegion(file, offset, length).retain());
    return lastWrite;
  }

  /** Stops reading; closes once the replies already due are written. */
  public void endAfterReplies() {
    if (ending) {
      return;
    }
    ending = true;
    updateFlow();
    closeIfIdle();
  }

  public void close() {
    ending = true;
    socket.close();
  }

  private void onFrame(Frame frame) {
    if (stalls != null) {
      stalls.progress();
    }
    if (frame.isData()) {
      Promise<Frame> promise = pending.remove(frame.requestId());
      if (promise == null || !promise.tryComplete(frame)) {
        giveBack.accept(frame.data());
      }
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
    Object id = message.getValue("id");
    Promise<Frame> answered = id instanceof Integer i ? pending.remove(i) : null;
    if (answered != null) {
      answered.tryComplete(frame);
    } else if (id == null && takesPushes) {
      pushHandler.handle(message);
    } else if (requestHandler != null) {
      if (!ending) {
        received(message, frame.body().length());
      }
    } else {
      pushHandler.handle(message);
    }
  }

  private void received(JsonObject message, int size) {
    waiting++;
    waitingBytes += size;
    countTotal(size);
    updateFlow();
    // Each reply waits for the write queue to drain below its mark: a reader that falls behind holds up the next
    // request, and then reading, instead of making this side queue reply after reply.
    tail = tail.transform(previous -> whenWritable()).transform(writableNow -> handle(message)).andThen(done -> {
      waiting--;
      waitingBytes -= size;
      countTotal(-size);
      if (done.failed()) {
        close();
      } else {
        updateFlow();
        closeIfIdle();
      }
    });
  }

  private Future<Void> handle(JsonObject message) {
    if (closedBy != null) {
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
      version = Hello.agree(hello);
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

  /** Once ending, closes when no request waits, after the last write (a request may end it from inside). */
  private void closeIfIdle() {
    if (ending && waiting == 0) {
      lastWrite.onComplete(v -> socket.close());
    }
  }

  private Future<Void> write(Buffer frame) {
    int size = frame.length();
    unsent(size);
    return socket.write(frame).andThen(done -> unsent(-size));
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

  private void drained() {
    Promise<Void> waiter = writable;
    writable = null;
    if (waiter != null) {
      waiter.tryComplete();
    }
    updateFlow();
  }

  private void updateFlow() {
    boolean stop = ending || waiting >= limits.maxWaiting() || waitingBytes >= limits.maxFrameBytes()
        || socket.writeQueueFull();
    if (stop && !readPaused) {
      readPaused = true;
      frames.pause();
    } else if (!stop && readPaused) {
      readPaused = false;
      frames.resume();
    }
  }

  /** A buffer for an awaited answer; the answer to a forgotten request is read and dropped. */
  private Future<ByteBuffer> dataTarget(int requestId, int length) {
    return pending.containsKey(requestId) && dataTargets != null
        ? dataTargets.apply(requestId, length) : Future.succeededFuture(null);
  }

  private void fail(ProtocolException cause) {
    if (closedBy != null) {
      return;
    }
    closedBy = cause;
    ending = true;
    if (stalls != null) {
      stalls.stop();
    }
    for (Promise<Frame> p : new ArrayList<>(pending.values())) {
      p.tryFail(cause);
    }
    pending.clear();
    Promise<Void> waiter = writable;
    writable = null;
    if (waiter != null) {
      waiter.tryComplete(); // the requests behind it find the connection closed and end
    }
    socket.close();
    frames.abandon(); // buffers being filled go back now, not when the close arrives
    closeHandler.handle(cause);
  }
}
