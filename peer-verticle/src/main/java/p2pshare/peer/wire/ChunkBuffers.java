package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The buffers chunks are received into: direct, reused, and bounded in total bytes, so that the memory a node spends
 * on chunks in flight does not depend on how many sources send at once. A chunk's bytes are copied once from the
 * network into one of these, hashed from it and written to disk from it (no copy into a temporary direct buffer).
 * When the budget is spent, {@link #take} returns a future that completes when a buffer comes back; the connection
 * waiting for it stops reading meanwhile. Runs on one event loop; {@link #give} must be called there too.
 */
public final class ChunkBuffers {
  private record Waiter(int length, Promise<ByteBuffer> promise) {
  }

  private final long budgetBytes;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long allocatedBytes;
  private int lent;

  /** @param budgetBytes the most bytes of buffers that may exist at once (at least one of any chunk size fits) */
  public ChunkBuffers(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** A buffer with position 0 and limit {@code length}, now or once one is given back. */
  public Future<ByteBuffer> take(int length) {
    ByteBuffer buffer = waiters.isEmpty() ? reuseOrAllocate(length) : null;
    if (buffer != null) {
      return Future.succeededFuture(buffer);
    }
    Promise<ByteBuffer> promise = Promise.promise();
    waiters.add(new Waiter(length, promise));
    return promise.future();
  }

  /** Takes a buffer back; it may go straight to a connection that waits for one. */
  public void give(ByteBuffer buffer) {
    lent--;
    free.push(buffer);
    while (!waiters.isEmpty()) {
      ByteBuffer next = reuseOrAllocate(waiters.peek().length());
      if (next == null) {
        return;
      }
      waiters.poll().promise().complete(next);
    }
  }

  /** Buffers handed out and not given back: 0 once every download is idle. */
  public int lent() {
    return lent;
  }

  /** Bytes of buffers that exist now, lent or free: never more than the budget (but for one oversized chunk). */
  public long allocatedBytes() {
    return allocatedBytes;
  }

  private ByteBuffer reuseOrAllocate(int length) {
    int capacity = capacityFor(length);
    for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
      ByteBuffer candidate = it.next();
      if (candidate.capacity() == capacity) {
        it.remove();
        return lend(candidate, length);
      }
    }
    // Free buffers of other sizes give way to the size asked for.
    while (allocatedBytes + capacity > budgetBytes && !free.isEmpty()) {
      allocatedBytes -= free.removeLast().capacity();
    }
    if (allocatedBytes + capacity > budgetBytes && allocatedBytes > 0) {
      return null;
    }
    allocatedBytes += capacity;
    return lend(ByteBuffer.allocateDirect(capacity), length);
  }

  private ByteBuffer lend(ByteBuffer buffer, int length) {
    lent++;
    buffer.clear().limit(length);
    return buffer;
  }

  /** Chunk lengths vary only for the last chunk of a file: round up so buffers are shared between them. */
  private static int capacityFor(int length) {
    int capacity = 64 * 1024;
    while (capacity < length) {
      capacity <<= 1;
    }
    return capacity;
  }
}
