package p2pshare.peer.wire;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;
import p2pshare.protocol.ReceiveBudget;
import p2pshare.protocol.ServeLoop;

/**
 * The buffers chunks are received into: direct, reused, and counted in the node's {@link ReceiveBudget} (with the
 * JSON frames its downloader connections are reading), so that the memory a node spends on what it received and has
 * not written yet does not depend on how many sources send at once. A chunk's bytes are copied once from the network
 * into one of these, hashed from it and written to disk from it (no copy into a temporary direct buffer). When the
 * budget is spent, {@link #take} returns a future that completes when a buffer comes back or room is made; the
 * connection waiting for it stops reading meanwhile. Buffers kept for reuse count as held; they give way when a
 * frame waits for room. Runs on one event loop; {@link #give} must be called there too.
 */
public final class ChunkBuffers {
  private record Waiter(int length, Promise<ByteBuffer> promise) {
  }

  /** Buffer addresses are aligned to this: the largest block size direct writes take. */
  public static final int ALIGNMENT = 4096;
  private final ReceiveBudget budget;
  private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private long allocatedBytes;
  private int lent;
  private final ServeLoop serveWaiters = new ServeLoop(this::serveWaitersOnce);

  /** @param budgetBytes the most bytes of buffers that may exist at once (a budget of their own) */
  public ChunkBuffers(long budgetBytes) {
    this(new ReceiveBudget(budgetBytes));
  }

  /** Buffers within {@code budget}, which they share with whatever else reserves from it. */
  public ChunkBuffers(ReceiveBudget budget) {
    this.budget = budget;
    budget.reclaimer(this::dropFree).onRoom(serveWaiters::run);
  }

  /** The budget these buffers are counted in: downloader connections reserve the frames they read from it. */
  public ReceiveBudget budget() {
    return budget;
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
    if (budget.contended()) {
      // A frame waits for room: it goes first, and the buffer is not worth keeping meanwhile.
      allocatedBytes -= buffer.capacity();
      budget.release(buffer.capacity());
      return;
    }
    free.push(buffer);
    serveWaiters.run();
  }

  /** Buffers handed out and not given back: 0 once every download is idle. */
  public int lent() {
    return lent;
  }

  /** Bytes of buffers that exist now, lent or free: never more than the budget (but for one oversized chunk). */
  public long allocatedBytes() {
    return allocatedBytes;
  }

  /**
   * Gives buffers to the connections that wait, while there is a free one or room for one (run by
   * {@link #serveWaiters}, so a release under way only makes it go round once more).
   */
  private void serveWaitersOnce() {
    while (!waiters.isEmpty()) {
      ByteBuffer next = reuseOrAllocate(waiters.peek().length());
      if (next == null) {
        break;
      }
      waiters.poll().promise().complete(next);
    }
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
    if (!budget.tryReserve(capacity) && !(dropFree() && budget.tryReserve(capacity))) {
      return null;
    }
    allocatedBytes += capacity;
    return lend(allocateAligned(capacity), length);
  }

  /** Gives the budget back the buffers kept for reuse; true if there were any. */
  private boolean dropFree() {
    long bytes = 0;
    while (!free.isEmpty()) {
      bytes += free.poll().capacity();
    }
    if (bytes == 0) {
      return false;
    }
    allocatedBytes -= bytes;
    budget.release(bytes);
    return true;
  }

  private ByteBuffer lend(ByteBuffer buffer, int length) {
    lent++;
    buffer.clear().limit(length);
    return buffer;
  }

  /**
   * A direct buffer whose address is a multiple of {@link #ALIGNMENT}, so that a part file opened for direct I/O can
   * write from it (the slack, 4 KiB per buffer, is not counted in the budget).
   */
  private static ByteBuffer allocateAligned(int capacity) {
    return ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT).limit(capacity).slice();
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
