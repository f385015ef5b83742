package p2pshare.protocol;

import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Notices a connection that keeps its reader waiting: while {@code awaiting} holds (an answer is due, or a frame
 * has begun) and no frame completes for {@code stallMillis}, {@code onStall} is told how long it has been. Bytes
 * that trickle in do not count as progress; only whole frames do. Checks a few times per period, so a stall is
 * noticed between 1 and 1.25 periods after it began. Runs on the connection's event loop.
 */
final class StallWatch {
  private final Vertx vertx;
  private final long stallMillis;
  private final long timer;
  private long lastProgress = System.nanoTime();

  StallWatch(Vertx vertx, long stallMillis, BooleanSupplier awaiting, LongConsumer onStall) {
    this.vertx = vertx;
    this.stallMillis = stallMillis;
    this.timer = vertx.setPeriodic(Math.max(10, stallMillis / 4), t -> {
      long idleMillis = (System.nanoTime() - lastProgress) / 1_000_000;
      if (!awaiting.getAsBoolean()) {
        lastProgress = System.nanoTime(); // idle time is not stalling
      } else if (idleMillis >= stallMillis) {
        onStall.accept(idleMillis);
      }
    });
  }

  /** A frame completed, or waiting starts now after an idle time. */
  void progress() {
    lastProgress = System.nanoTime();
  }

  void stop() {
    vertx.cancelTimer(timer);
  }
}
