package p2pshare.peer.tracker;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The tracker addresses to try in turn, and the backoff between attempts ({@link RetryDelays}): from the shortest
 * wait doubling up to the longest, each with up to half again of random jitter. A join resets the backoff. Runs on the
 * client's event loop only.
 */
final class TrackerRotation {
  private final List<TrackerAddress> trackers;
  private final RetryDelays delays;
  private final DoubleSupplier random;
  private int current;
  private long backoff;

  /** @param random uniform in [0, 1), for the jitter */
  TrackerRotation(List<TrackerAddress> trackers, RetryDelays delays, DoubleSupplier random) {
    if (trackers.isEmpty()) {
      throw new IllegalArgumentException("no tracker to join");
    }
    this.trackers = List.copyOf(trackers);
    this.delays = delays;
    this.random = random;
    this.backoff = delays.minBackoffMs();
  }

  /** The address tried now or next. */
  TrackerAddress current() {
    return trackers.get(current);
  }

  int size() {
    return trackers.size();
  }

  /** Moves on to the next address (back to the first after the last). */
  void advance() {
    current = (current + 1) % trackers.size();
  }

  /** The wait before the next attempt; each call doubles the next one, up to the bound. */
  long nextBackoff() {
    long delay = backoff + (long) (random.getAsDouble() * backoff / 2);
    backoff = Math.min(delays.maxBackoffMs(), backoff * 2);
    return delay;
  }

  /** After a join: the next failure waits the shortest time again. */
  void joined() {
    backoff = delays.minBackoffMs();
  }

  long refusedRetryMs() {
    return delays.refusedRetryMs();
  }
}
