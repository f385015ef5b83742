package p2pshare.tracker.bench;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The lookup phase: the peers still to send their share of lookups, started {@code --active-connections} at a time
 * (each starts the next when it is done), and the count of lookups still unanswered.
 */
final class LookupQueue {
  private final ConcurrentLinkedQueue<SimulatedPeer> waiting = new ConcurrentLinkedQueue<>();
  volatile CountDownLatch done;
  volatile boolean stopping;

  void add(SimulatedPeer peer) {
    waiting.add(peer);
  }

  /** Starts the next waiting peer's lookups on its own event loop. */
  void startNext() {
    SimulatedPeer next = waiting.poll();
    if (next != null) {
      next.context.runOnContext(v -> next.startLookups());
    }
  }
}
