package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import p2pshare.netty.BufferViews;

/**
 * Splits bytes into frames (docs/protocol.md, "Framing"), keeping its place across calls, so input may arrive cut
 * anywhere. A JSON frame comes out whole as a {@link Buffer}. The payload of a DATA frame is copied straight from
 * the network buffer into a target the {@link Sink} chooses once it knows the request id and the length: that is
 * the only copy a chunk's bytes make in user space. A target that is not ready yet (a pool with no free buffer)
 * stops decoding until it is; a null target means the payload is read and dropped (an answer nobody waits for).
 *
 * <p>With a {@link ReceiveBudget}, a JSON frame's whole length is reserved from it before its first byte is read
 * and released once the frame has been handed over: while the budget has no room, decoding stops (like a target
 * that is not ready), so what a node holds of frames being read stays within its budget, and a frame never waits
 * for room half read.
 *
 * <p>A frame length outside the limits, an unknown kind, or a DATA frame where none are accepted is reported once
 * to {@link Sink#broken} and the decoder reads nothing more. Not thread-safe: one event loop drives it.
 */
public final class FrameDecoder {
  /** Where decoded frames go. */
  public interface Sink {
    /** A whole frame: JSON (with {@link Frame#body()}) or DATA (with its filled target). */
    void frame(Frame frame);

    /**
     * A buffer with room for {@code length} payload bytes of the DATA frame answering {@code requestId}, or null to
     * drop them. A future not yet complete stops the decoder until it completes; a failed one (a length the request
     * cannot have) breaks the stream with the failure's message, before any buffer exists for it.
     */
    Future<ByteBuffer> dataTarget(int requestId, int length);

    /** The stream broke the framing; nothing more is decoded. */
    void broken(String why);
  }

  private enum State { LENGTH, KIND, ROOM, JSON, REQUEST_ID, TARGET, DATA, FAILED }

  private final int maxFrameBytes;
  private final int maxDataBytes;
  private final Sink sink;
  private final Runnable onReady;
  private final ReceiveBudget budget;
  private State state = State.LENGTH;
  private int word;
  private int wordBytes;
  private int length;
  private boolean started;
  private ByteBuf json;
  private int requestId;
  private ByteBuffer target;
  private int remaining;
  private Future<ByteBuffer> pendingTarget;
  private Future<Void> pendingRoom;
  /** Budget bytes reserved for the JSON frame being read, and for the one held while paused. */
  private int reserved;
  private int heldReserved;
  private Frame held;
  private boolean paused;

  /**
   * @param maxFrameBytes largest JSON frame (length prefix included in neither)
   * @param maxDataBytes largest DATA payload; 0 when DATA frames are not accepted
   * @param onReady told when a target that was not ready becomes ready, or a paused decoder may go on
   */
  public FrameDecoder(int maxFrameBytes, int maxDataBytes, Sink sink, Runnable onReady) {
    this(maxFrameBytes, maxDataBytes, sink, onReady, null);
  }

  /** @param budget what JSON frames being read are reserved from; null for no bound but {@code maxFrameBytes} */
  public FrameDecoder(int maxFrameBytes, int maxDataBytes, Sink sink, Runnable onReady, ReceiveBudget budget) {
    this.maxFrameBytes = maxFrameBytes;
    this.maxDataBytes = maxDataBytes;
    this.sink = sink;
    this.onReady = onReady;
    this.budget = budget;
  }

  /** Stops handing out frames; the frame being read is finished and held until {@link #resume}. */
  public void pause() {
    paused = true;
  }

  public void resume() {
    paused = false;
    if (held != null) {
      Frame frame = held;
      int bytes = heldReserved;
      held = null;
      heldReserved = 0;
      deliver(frame, bytes);
    }
  }

  /** True while part of a frame has been read but not all of it. */
  public boolean midFrame() {
    return state != State.LENGTH || wordBytes > 0;
  }

  /** True when {@link #decode} would consume bytes now. */
  public boolean ready() {
    return state != State.FAILED && held == null && !(paused && state == State.LENGTH)
        && (pendingTarget == null || pendingTarget.isComplete())
        && (pendingRoom == null || pendingRoom.isComplete());
  }

  /**
   * True while decoding waits on this side: for the budget to have room for a frame, or for a buffer to put a
   * payload in. The other side is not stalling then, whatever the time.
   */
  public boolean waitingForRoom() {
    return (pendingRoom != null && !pendingRoom.isComplete())
        || (pendingTarget != null && !pendingTarget.isComplete());
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  /** Consumes bytes of {@code in} until it is empty or the decoder cannot go on now ({@link #ready()} is false). */
  public void decode(ByteBuf in) {
    while (in.isReadable() && ready()) {
      switch (state) {
        case LENGTH -> {
          if (readWord(in)) {
            startFrame(word);
          }
        }
        case KIND -> startBody(in.readByte());
        case ROOM -> takeRoom();
        case JSON -> {
          json.writeBytes(in, Math.min(in.readableBytes(), length - json.readableBytes()));
          if (json.readableBytes() == length) {
            emitJson();
          }
        }
        case REQUEST_ID -> {
          if (readWord(in)) {
            requestId = word;
            askTarget();
          }
        }
        case TARGET -> takeTarget();
        case DATA -> {
          int n = Math.min(in.readableBytes(), remaining);
          if (target == null) {
            in.skipBytes(n);
          } else {
            int limit = in.readerIndex() + n;
            ByteBuffer window = target.duplicate();
            window.limit(window.position() + n);
            in.getBytes(in.readerIndex(), window);
            target.position(target.position() + n);
            in.readerIndex(limit);
          }
          remaining -= n;
          if (remaining == 0) {
            endData();
          }
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
    if (state == State.TARGET && pendingTarget != null && pendingTarget.isComplete()) {
      takeTarget();
    }
    if (state == State.ROOM && pendingRoom != null && pendingRoom.isComplete()) {
      takeRoom();
    }
  }

  /**
   * Drops what a closed stream left half read. A target being filled, or one still to come, is handed to
   * {@code giveBack} so its owner gets it back.
   */
  public void abandon(Consumer<ByteBuffer> giveBack) {
    state = State.FAILED;
    json = null;
    release(reserved + heldReserved);
    reserved = 0;
    heldReserved = 0;
    if (pendingRoom != null) {
      int bytes = length;
      pendingRoom.onSuccess(v -> release(bytes)); // granted now or later: given back either way
      pendingRoom = null;
    }
    if (target != null) {
      giveBack.accept(target);
      target = null;
    }
    if (pendingTarget != null) {
      pendingTarget.onSuccess(late -> {
        if (late != null) {
          giveBack.accept(late);
        }
      });
      pendingTarget = null;
    }
    if (held != null && held.isData()) {
      giveBack.accept(held.data());
    }
    held = null;
  }

  /** What a cleartext side says when the other side opens with TLS. */
  public static final String TLS_ON_THE_OTHER_SIDE =
      "the other side speaks TLS and this side does not: they are not in the same network (tls settings)";

  private boolean readWord(ByteBuf in) {
    while (wordBytes < 4 && in.isReadable()) {
      word = (word << 8) | (in.readByte() & 0xff);
      wordBytes++;
    }
    if (wordBytes < 4) {
      return false;
    }
    wordBytes = 0;
    return true;
  }

  private void startFrame(int frameLength) {
    boolean firstFrame = !started;
    started = true;
    // A TLS record (handshake 0x16 or alert 0x15, version 3.x) where a first frame should be: the other side
    // speaks TLS and this one does not.
    if (firstFrame && ((frameLength >>> 24) == 0x16 || (frameLength >>> 24) == 0x15)
        && ((frameLength >>> 16) & 0xff) == 0x03) {
      fail(TLS_ON_THE_OTHER_SIDE);
      return;
    }
    int max = Math.max(maxFrameBytes, maxDataBytes > 0 ? maxDataBytes + Frames.DATA_PREFIX : 0);
    if (frameLength <= 0 || frameLength > max) {
      fail("frame length " + Integer.toUnsignedString(frameLength) + " outside 1.." + max);
      return;
    }
    length = frameLength;
    state = State.KIND;
  }

  private void startBody(byte kind) {
    if (kind == Frames.JSON && length <= maxFrameBytes) {
      if (budget == null) {
        startJson();
        return;
      }
      state = State.ROOM;
      pendingRoom = budget.reserve(length);
      if (pendingRoom.isComplete()) {
        takeRoom();
      } else {
        pendingRoom.onComplete(ar -> onReady.run());
      }
    } else if (kind == Frames.DATA && maxDataBytes > 0 && length >= Frames.DATA_PREFIX
        && length - Frames.DATA_PREFIX <= maxDataBytes) {
      state = State.REQUEST_ID;
    } else {
      fail("unexpected frame kind " + kind + " of " + length + " bytes");
    }
  }

  private void takeRoom() {
    pendingRoom = null;
    reserved = length;
    startJson();
  }

  private void startJson() {
    // Grown as bytes arrive, so a peer that announces a big frame and sends little costs little memory (though its
    // whole length is reserved from the budget).
    json = Unpooled.buffer(Math.min(length, 64 * 1024), length).writeByte(Frames.JSON);
    if (length == 1) {
      emitJson();
    } else {
      state = State.JSON;
    }
  }

  private void emitJson() {
    Buffer body = BufferViews.wrap(json);
    json = null;
    emit(new Frame(body, 0, null));
  }

  private void askTarget() {
    remaining = length - Frames.DATA_PREFIX;
    state = State.TARGET;
    Future<ByteBuffer> asked = sink.dataTarget(requestId, remaining);
    if (asked.isComplete()) {
      pendingTarget = asked;
      takeTarget();
    } else {
      pendingTarget = asked;
      asked.onComplete(ar -> onReady.run());
    }
  }

  private void takeTarget() {
    Future<ByteBuffer> ready = pendingTarget;
    pendingTarget = null;
    if (ready.failed()) {
      fail(ready.cause().getMessage());
      return;
    }
    target = ready.result();
    if (target != null && target.remaining() < remaining) {
      fail("data target too small");
      return;
    }
    state = State.DATA;
    if (remaining == 0) {
      endData();
    }
  }

  /** The payload is all in: hand the filled target over, or, for a dropped payload, go on to the next frame. */
  private void endData() {
    ByteBuffer filled = target;
    target = null;
    if (filled == null) {
      state = State.LENGTH;
    } else {
      emit(new Frame(null, requestId, filled.flip()));
    }
  }

  private void emit(Frame frame) {
    state = State.LENGTH;
    int bytes = frame.isData() ? 0 : reserved;
    reserved = 0;
    if (paused) {
      held = frame;
      heldReserved = bytes;
    } else {
      deliver(frame, bytes);
    }
  }

  /** Hands a frame over; its reservation goes back once the sink has taken it (and parsed a JSON body). */
  private void deliver(Frame frame, int reservedBytes) {
    try {
      sink.frame(frame);
    } finally {
      release(reservedBytes);
    }
  }

  private void release(int bytes) {
    if (bytes > 0) {
      budget.release(bytes);
    }
  }

  private void fail(String why) {
    state = State.FAILED;
    sink.broken(why);
  }
}
