package p2pshare.protocol;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.ReadStream;

/**
 * The one flow-control rule of a {@link FrameChannel}: reading stops while the socket's write queue is full, while
 * the channel's reader holds it ({@link #hold}), or once the channel ends, and starts again when none holds. Writers
 * that must not queue more wait in {@link #whenWritable} for the queue to drain below its mark. Runs on the socket's
 * event loop only.
 */
final class FlowControl {
  private final NetSocket socket;
  private final ReadStream<?> frames;
  private Promise<Void> writable;
  private boolean held;
  private boolean readPaused;
  private boolean ending;
  private boolean closed;

  FlowControl(NetSocket socket, ReadStream<?> frames) {
    this.socket = socket;
    this.frames = frames;
  }

  /** Completes once the write queue is below its mark: at once if it is, else when it drains or the channel closes. */
  Future<Void> whenWritable() {
    if (closed || !socket.writeQueueFull()) {
      return Future.succeededFuture();
    }
    if (writable == null) {
      writable = Promise.promise();
    }
    return writable.future();
  }

  void hold(boolean hold) {
    held = hold;
    update();
  }

  /** Stops reading for good. */
  void end() {
    ending = true;
    update();
  }

  boolean ending() {
    return ending;
  }

  /** The write queue drained below its mark. */
  void drained() {
    release();
    update();
  }

  /** The channel closed: whoever waits to write goes on, and finds it closed. */
  void closed() {
    closed = true;
    ending = true;
    release();
  }

  private void release() {
    Promise<Void> waiter = writable;
    writable = null;
    if (waiter != null) {
      waiter.tryComplete();
    }
  }

  private void update() {
    boolean stop = ending || held || socket.writeQueueFull();
    if (stop && !readPaused) {
      readPaused = true;
      frames.pause();
    } else if (!stop && readPaused) {
      readPaused = false;
      frames.resume();
    }
  }
}
