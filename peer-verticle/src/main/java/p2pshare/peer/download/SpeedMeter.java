package p2pshare.peer.download;

import java.util.Arrays;

/** Bytes per second over the last few seconds, kept in one-second buckets. */
public final class SpeedMeter {
  private static final int SECONDS = 4;
  private final long[] buckets = new long[SECONDS];
  private long bucketSecond;
  private long startMillis;

  public void add(long bytes) {
    roll();
    buckets[(int) (bucketSecond % SECONDS)] += bytes;
  }

  public long bytesPerSecond() {
    if (startMillis == 0) {
      return 0;
    }
    roll();
    long total = Arrays.stream(buckets).sum();
    long now = System.currentTimeMillis();
    double window = Math.min((now - startMillis) / 1000.0, SECONDS - 1 + (now % 1000) / 1000.0);
    return (long) (total / Math.max(window, 0.05));
  }

  private void roll() {
    long now = System.currentTimeMillis();
    if (startMillis == 0) {
      startMillis = now;
      bucketSecond = now / 1000;
    }
    long second = now / 1000;
    if (second - bucketSecond >= SECONDS) {
      Arrays.fill(buckets, 0);
      bucketSecond = second;
    }
    while (bucketSecond < second) {
      bucketSecond++;
      buckets[(int) (bucketSecond % SECONDS)] = 0;
    }
  }
}
