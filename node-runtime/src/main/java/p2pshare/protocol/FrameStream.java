package p2pshare.protocol;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import p2pshare.netty.SocketReads;

/**
 * A socket as a {@link ReadStream} of {@link Frame}s, with {@code pause}, {@code fetch} and {@code resume} that
 * reach the socket. It reads Netty's own buffers ({@link SocketReads}) instead of the private heap copy a plain
 * {@code NetSocket} handler gets, so the {@link FrameDecoder} can copy a DATA payload once, straight into its
 * target. Bytes that arrive while the stream is paused (at most what the socket had read already) wait in a short
 * backlog; the socket stops reading meanwhile.
 *
 * <p>Ends, with its end handler, when the socket closes; frames a paused stream had not delivered then are dropped
 * (a closed connection fails whatever it was for). Runs on the socket's event loop only.
 */
public final class FrameStream implements ReadStream<Frame> {
  private final NetSocket socket;
  private final FrameDecoder decoder;
  private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>();
  private final Consumer<ByteBuffer> orphanTarget;
  private Handler<Frame> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean socketPaused;
  private boolean ended;
  private boolean draining;
  private boolean finished;
  private boolean drainAgain;

  /**
   * @param dataTargets where DATA payloads go (see {@link FrameDecoder.Sink#dataTarget}); null when DATA frames are
   *     not accepted on this connection
   * @param orphanTarget takes back a target that a closed connection left unfilled or half filled
   */
  public FrameStream(NetSocket socket, int maxFrameBytes, int maxDataBytes,
      BiFunction<Integer, Integer, Future<ByteBuffer>> dataTargets, Consumer<ByteBuffer> orphanTarget) {
    this(socket, maxFrameBytes, maxDataBytes, dataTargets, orphanTarget, null);
  }

  /** @param budget what JSON frames being read are reserved from (see {@link FrameDecoder}); null for none */
  public FrameStream(NetSocket socket, int maxFrameBytes, int maxDataBytes,
      BiFunction<Integer, Integer, Future<ByteBuffer>> dataTargets, Consumer<ByteBuffer> orphanTarget,
      ReceiveBudget budget) {
    this.socket = socket;
    this.orphanTarget = orphanTarget == null ? unused -> { } : orphanTarget;
    this.decoder = new FrameDecoder(maxFrameBytes, dataTargets == null ? 0 : maxDataBytes, new FrameDecoder.Sink() {
      @Override
      public void frame(Frame frame) {
        deliver(frame);
      }

      @Override
      public Future<ByteBuffer> dataTarget(int requestId, int length) {
        return dataTargets.apply(requestId, length);
      }

      @Override
      public void broken(String why) {
        Handler<Throwable> h = exceptionHandler;
        if (h != null) {
          h.handle(ProtocolException.local(ErrorCode.BAD_FRAME, why));
        }
      }
    }, this::drain, budget);
    SocketReads.handle(socket, this::onMessage);
    this.socket.closeHandler(v -> end());
  }

  /** True while a frame has been started and not finished: a peer that stops there is stalling. */
  public boolean midFrame() {
    return decoder.midFrame();
  }

  /** True while reading waits on this side (budget room, a buffer): see {@link FrameDecoder#waitingForRoom}. */
  public boolean waitingForRoom() {
    return decoder.waitingForRoom();
  }

  @Override
  public FrameStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public FrameStream handler(Handler<Frame> handler) {
    this.handler = handler;
    return this;
  }

  @Override
  public FrameStream pause() {
    demand = 0;
    decoder.pause();
    return this;
  }

  @Override
  public FrameStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public FrameStream fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (demand > 0) {
      decoder.resume();
      drain();
    }
    return this;
  }

  @Override
  public FrameStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void deliver(Frame frame) {
    if (demand != Long.MAX_VALUE && --demand == 0) {
      decoder.pause();
    }
    Handler<Frame> h = handler;
    if (h != null) {
      h.handle(frame);
    }
  }

  /** Takes bytes read off the socket before this stream was made (see {@link FirstFrame}), as if just read. */
  public void feed(ByteBuf buf) {
    onMessage(buf);
  }

  private void onMessage(ByteBuf buf) {
    if (ended || decoder.failed()) {
      buf.release();
      return;
    }
    backlog.add(buf);
    drain();
  }

  /**
   * Decodes what waits, then lets the socket read again only when nothing does. A frame handler may resume the
   * stream, which calls this again from inside the loop: that call only asks the loop to go round once more.
   */
  private void drain() {
    if (draining) {
      drainAgain = true;
      return;
    }
    draining = true;
    try {
      do {
        drainAgain = false;
        while (!backlog.isEmpty() && decoder.ready() && !ended) {
          ByteBuf head = backlog.peek();
          decoder.decode(head);
          if (!head.isReadable()) {
            backlog.poll().release();
          }
        }
      } while (drainAgain);
    } finally {
      draining = false;
    }
    if (ended) {
      finish();
      return;
    }
    if (decoder.failed()) {
      releaseBacklog();
    }
    boolean shouldRead = backlog.isEmpty() && !decoder.failed() && !ended;
    if (shouldRead && socketPaused) {
      socketPaused = false;
      socket.resume();
    } else if (!shouldRead && !socketPaused && !ended) {
      socketPaused = true;
      socket.pause();
    }
  }

  /**
   * Ends the stream now, without waiting for the socket's close to arrive: what is half read is dropped and a target
   * being filled goes back to its owner at once.
   */
  public void abandon() {
    end();
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (!draining) {
      finish(); // else the decoding loop under way finishes first
    }
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    releaseBacklog();
    decoder.abandon(orphanTarget);
    Handler<Void> h = endHandler;
    if (h != null) {
      h.handle(null);
    }
  }

  private void releaseBacklog() {
    ByteBuf buf;
    while ((buf = backlog.poll()) != null) {
      buf.release();
    }
  }
}
