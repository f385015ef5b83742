package p2pshare.peer.serve;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Keeps the chunk server's uploads, over all connections together, at or under {@code maxBytesPerSecond}, and shares
 * that rate between the remote peers that want it.
 *
 * <p>Contract: a session asks for a {@link #permit} before it sends a chunk and sends once the permit completes. With
 * no limit the permit is complete at once. With a limit, a permit is granted when the bytes granted before it have
 * been paid for at the limit's rate (so one chunk may go at once, and the average holds over any second or two);
 * requests that must wait are granted <b>round-robin per remote peer</b>, one chunk per turn, so a peer with many
 * connections or many pipelined requests gets no more turns than a peer with one. A waiting request whose connection
 * has closed by its turn is dropped without using the rate.
 *
 * <p>Runs on the chunk server's event loop only: every connection of one server is handled there, and so are the
 * timers this class sets from them.
 */
final class UploadPacer {
  /**
   * Rate left unused for longer than this is forgotten: enough to absorb a late timer, so the limit is reached,
   * and too short to let an idle node send a long burst afterwards.
   */
  static final long CARRY_NANOS = 50_000_000L;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Vertx vertx;
  private final long bytesPerSecond;
  /** Waiting requests per peer; the peer first in iteration order has the next turn. */
  private final LinkedHashMap<String, ArrayDeque<Waiter>> waiting = new LinkedHashMap<>();
  /** When the bytes granted so far are paid for; a permit may be granted from then on. */
  private long paidUntilNanos = System.nanoTime() - CARRY_NANOS;
  private boolean timerSet;

  private record Waiter(int bytes, BooleanSupplier wanted, Promise<Void> promise) {
  }

  /** @param bytesPerSecond the most bytes per second over all connections, 0 for no limit */
  UploadPacer(Vertx vertx, long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be 0 or more, got " + bytesPerSecond);
    }
    this.vertx = vertx;
    this.bytesPerSecond = bytesPerSecond;
  }

  /**
   * Completes when {@code bytes} may be sent to {@code peer}. It fails if {@code wanted} says no by the request's
   * turn (its connection closed); then nothing is taken from the rate.
   *
   * @param peer who the bytes go to, for the turns (see the class comment)
   */
  Future<Void> permit(String peer, int bytes, BooleanSupplier wanted) {
    if (bytesPerSecond == 0) {
      return Future.succeededFuture();
    }
    long now = System.nanoTime();
    if (waiting.isEmpty() && now - paidUntilNanos >= 0) {
      take(bytes, now);
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    waiting.computeIfAbsent(peer, p -> new ArrayDeque<>()).add(new Waiter(bytes, wanted, promise));
    schedule(now);
    return promise.future();
  }

  private void take(int bytes, long now) {
    paidUntilNanos = Math.max(paidUntilNanos, now - CARRY_NANOS) + bytes * NANOS_PER_SECOND / bytesPerSecond;
  }

  private void schedule(long now) {
    if (timerSet || waiting.isEmpty()) {
      return;
    }
    timerSet = true;
    long delayMillis = Math.max(1, (paidUntilNanos - now + 999_999) / 1_000_000);
    vertx.setTimer(delayMillis, t -> grantDue());
  }

  private void grantDue() {
    timerSet = false;
    long now = System.nanoTime();
    List<Promise<Void>> granted = new ArrayList<>();
    List<Promise<Void>> dropped = new ArrayList<>();
    while (!waiting.isEmpty() && now - paidUntilNanos >= 0) {
      Waiter next = nextTurn();
      if (next.wanted().getAsBoolean()) {
        take(next.bytes(), now);
        granted.add(next.promise());
      } else {
        dropped.add(next.promise());
      }
    }
    schedule(now);
    // Completed last: a granted session sends and may ask again at once, and must find this pacer settled.
    dropped.forEach(p -> p.fail("the connection closed while its chunk waited for the upload limit"));
    granted.forEach(Promise::complete);
  }

  /** The first waiting request of the peer whose turn it is; that peer goes to the back of the line. */
  private Waiter nextTurn() {
    Iterator<Map.Entry<String, ArrayDeque<Waiter>>> turns = waiting.entrySet().iterator();
    Map.Entry<String, ArrayDeque<Waiter>> turn = turns.next();
    turns.remove();
    Waiter next = turn.getValue().poll();
    if (!turn.getValue().isEmpty()) {
      waiting.put(turn.getKey(), turn.getValue());
    }
    return next;
  }
}
