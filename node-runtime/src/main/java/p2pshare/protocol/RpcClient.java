package p2pshare.protocol;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The asking side of a {@link FrameChannel} (docs/protocol.md, "Framing" and "Hello"): {@link #call} gives each
 * request an id and completes it with the frame that carries that id, JSON or DATA, in whatever order they come.
 * The answer to a call given up with {@link Call#cancel} is dropped when it comes (a DATA payload is read without
 * taking a buffer, or its buffer is given back if it was being filled); other frames are pushes
 * ({@link #pushHandler}). While a call is pending the channel's stall watch
 * runs. When the channel closes, every pending call fails with why.
 *
 * <p>Runs on the channel's event loop only.
 */
public final class RpcClient {
  private final FrameChannel channel;
  private final Map<Integer, Promise<Frame>> pending = new LinkedHashMap<>();
  private Handler<JsonObject> pushHandler = push -> { };
  private int nextId = 1;
  private int version;

  public RpcClient(FrameChannel channel) {
    this.channel = channel;
    channel.frameHandler(this::onFrame);
    channel.answersDue(() -> !pending.isEmpty());
    channel.closeHandler(this::failPending);
  }

  public FrameChannel channel() {
    return channel;
  }

  /** Messages without an id, or with an id this client never gave a call. */
  public RpcClient pushHandler(Handler<JsonObject> handler) {
    this.pushHandler = handler;
    return this;
  }

  /** Told once, with why, when the connection closes for any reason (after the pending calls have failed). */
  public RpcClient closeHandler(Handler<ProtocolException> handler) {
    channel.closeHandler(handler);
    return this;
  }

  /**
   * Where the payloads of DATA frames answering pending calls go, per request id and length (see
   * {@link FrameDecoder.Sink#dataTarget}), and who takes back a buffer nobody will read. The payload of a DATA frame
   * that answers no pending call is read and dropped without taking a buffer.
   */
  public RpcClient dataTargets(BiFunction<Integer, Integer, Future<ByteBuffer>> targets,
      Consumer<ByteBuffer> giveBack) {
    channel.dataTargets((id, length) -> pending.containsKey(id) ? targets.apply(id, length)
        : Future.succeededFuture(null), giveBack);
    return this;
  }

  /** The protocol version agreed by {@link #hello}: 0 before it. */
  public int version() {
    return version;
  }

  /** Calls sent and not yet answered, failed or given up. */
  public int inFlight() {
    return pending.size();
  }

  public boolean isOpen() {
    return channel.isOpen();
  }

  /** Writes a message that expects no answer (a push, such as a {@code cancel}). */
  public Future<Void> send(JsonObject message) {
    return channel.send(message);
  }

  public void close() {
    channel.close();
  }

  /** Says hello; completes with the other side's hello once both agree on a version, else fails and closes. */
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
        channel.giveBack(frame.data());
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
    if (!channel.isOpen()) {
      return Call.failed(channel.closedBy());
    }
    int id = nextId++;
    Promise<Frame> promise = Promise.promise();
    channel.awaitingStarts();
    pending.put(id, promise);
    channel.write(Frames.json(message.put("id", id)));
    return new Call<>(id, promise.future(), () -> giveUp(id));
  }

  /** Gives up waiting for call {@code id}: its answer, if it comes, is dropped. */
  private void giveUp(int id) {
    Promise<Frame> promise = pending.remove(id);
    if (promise != null) {
      promise.tryFail(ProtocolException.local(ErrorCode.CANCELLED, "request " + id + " was given up"));
    }
  }

  private void onFrame(Frame frame) {
    if (frame.isData()) {
      Promise<Frame> promise = pending.remove(frame.requestId());
      if (promise == null || !promise.tryComplete(frame)) {
        channel.giveBack(frame.data());
      }
      return;
    }
    JsonObject message;
    try {
      message = Frames.jsonOf(frame.body());
    } catch (ProtocolException e) {
      // The frame was readable, so say why before closing.
      channel.send(Frames.error(null, e.code() == ErrorCode.BAD_FRAME ? ErrorCode.BAD_REQUEST : e.code(),
          e.getMessage())).recover(failed -> Future.succeededFuture());
      channel.endReading();
      channel.closeAfterLastWrite();
      return;
    }
    Object id = message.getValue("id");
    Promise<Frame> answered = id instanceof Integer i ? pending.remove(i) : null;
    if (answered != null) {
      answered.tryComplete(frame);
    } else if (!(id instanceof Integer i && i > 0 && i < nextId)) {
      pushHandler.handle(message); // an id this client gave out is a call given up: its answer is dropped
    }
  }

  private void failPending(ProtocolException cause) {
    for (Promise<Frame> p : new ArrayList<>(pending.values())) {
      p.tryFail(cause);
    }
    pending.clear();
  }
}
