package p2pshare.peer.tracker;

/**
 * The waits of a {@link TrackerClient} between attempts to join.
 *
 * @param minBackoffMs the first wait after a failed attempt; it doubles with each failure (plus up to half again of
 *     random jitter, so that the peers of a restarted tracker do not all come back at once)
 * @param maxBackoffMs the longest such wait (before jitter)
 * @param refusedRetryMs the wait after the tracker refused this node for good
 */
public record RetryDelays(long minBackoffMs, long maxBackoffMs, long refusedRetryMs) {
  /** 250 ms doubling up to 10 s; 5 minutes after a refusal. */
  public static final RetryDelays DEFAULT = new RetryDelays(250, 10_000, 5 * 60_000);

  public RetryDelays {
    if (minBackoffMs < 1 || maxBackoffMs < minBackoffMs || refusedRetryMs < 1) {
      throw new IllegalArgumentException("bad retry delays: " + minBackoffMs + ", " + maxBackoffMs + ", "
          + refusedRetryMs);
    }
  }
}
