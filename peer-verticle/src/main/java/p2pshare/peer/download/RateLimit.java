package p2pshare.peer.download;

/** Spaces out chunk requests so one download takes at most {@code bytesPerSecond} (0: no limit). */
final class RateLimit {
  private final long bytesPerSecond;
  private long nextFreeNanos;

  RateLimit(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Reserves {@code bytes} and returns how long to wait before asking for them, in milliseconds. */
  long reserve(int bytes) {
    if (bytesPerSecond <= 0) {
      return 0;
    }
    long now = System.nanoTime();
    long start = Math.max(now, nextFreeNanos);
    nextFreeNanos = start + bytes * 1_000_000_000L / bytesPerSecond;
    return (start - now) / 1_000_000;
  }
}
