package p2pshare.protocol;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * The bytes a node may hold in memory for what it received and has not handed on yet, over all of its connections:
 * JSON frames being read (a manifest can be megabytes) and the buffers chunks arrive in. Each holder
 * {@link #reserve}s before it allocates and {@link #release}s when the memory is gone; a reservation that does not
 * fit waits, in order, and its connection stops reading meanwhile. So however many sources send at once, and
 * however large the frames they announce, {@link #held} never exceeds the limit (one reservation larger than the
 * whole limit is let through alone, when nothing else is held, so that it cannot wait for ever).
 *
 * <p>A pool with waiters of its own (the chunk buffers) takes room with {@link #tryReserve}, which yields to the
 * reservations that wait here, and is told with {@link #onRoom} when room may have been made. Memory it keeps for
 * reuse counts as held; its {@link #reclaimer} frees that when a reservation waits. Runs on one event loop;
 * {@link #held} may be read from anywhere (a gauge).
 */
public final class ReceiveBudget {
  private record Waiter(long bytes, Promise<Void> promise) {
  }

  private final long limit;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private BooleanSupplier reclaimer = () -> false;
  private Runnable onRoom = () -> { };
  private volatile long held;
  private long peak;
  private final ServeLoop serveWaiters = new ServeLoop(this::serveWaitersOnce);

  public ReceiveBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a receive budget must be positive, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Told when a reservation has to wait: frees memory kept for reuse, if it has some, with {@link #release}, and
   * returns whether it did.
   */
  public ReceiveBudget reclaimer(BooleanSupplier reclaimer) {
    this.reclaimer = reclaimer;
    return this;
  }

  /** Told, with no reservation waiting here, that bytes were released: a pool may serve its own waiters now. */
  public ReceiveBudget onRoom(Runnable onRoom) {
    this.onRoom = onRoom;
    return this;
  }

  /** Completes once {@code bytes} are reserved: now, or after earlier waiters, when enough was released. */
  public Future<Void> reserve(long bytes) {
    if (waiters.isEmpty() && take(bytes)) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiters.add(new Waiter(bytes, promise));
    serveWaiters.run();
    return promise.future();
  }

  /** Reserves {@code bytes} only if that needs no wait and no reservation waits before it. */
  public boolean tryReserve(long bytes) {
    return waiters.isEmpty() && take(bytes);
  }

  public void release(long bytes) {
    held -= bytes;
    serveWaiters.run();
  }

  /** True while a reservation waits: memory kept for reuse should be released rather than kept. */
  public boolean contended() {
    return !waiters.isEmpty();
  }

  /** Reservations waiting for room. */
  public int waiting() {
    return waiters.size();
  }

  /** Bytes reserved now. */
  public long held() {
    return held;
  }

  /** The most bytes reserved at once since this budget was made. */
  public long peak() {
    return peak;
  }

  public long limit() {
    return limit;
  }

  private boolean take(long bytes) {
    if (held + bytes > limit && held > 0) {
      return false;
    }
    held += bytes;
    peak = Math.max(peak, held);
    return true;
  }

  /**
   * Grants waiting reservations in order while they fit, then lets the pool serve its own (run by
   * {@link #serveWaiters}: re-entered from a release inside, a reclaimer's or a callback's, it only makes the pass
   * under way go round once more).
   */
  private void serveWaitersOnce() {
    while (!waiters.isEmpty()) {
      Waiter next = waiters.peek();
      if (!take(next.bytes()) && !(reclaimer.getAsBoolean() && take(next.bytes()))) {
        break;
      }
      waiters.poll();
      next.promise().complete();
    }
    if (waiters.isEmpty()) {
      onRoom.run();
    }
  }
}
