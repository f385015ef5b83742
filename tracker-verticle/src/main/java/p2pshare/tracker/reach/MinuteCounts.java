package p2pshare.tracker.reach;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} events per key in each minute (a window that starts at a key's first event), for the
 * {@code maxKeys} keys seen last; an older key forgotten starts afresh. Event loop only.
 */
public final class MinuteCounts {
  private record Window(long start, int count) {
  }

  private final LongSupplier clock;
  private final int perMinute;
  private final Map<String, Window> windows;

  public MinuteCounts(LongSupplier clock, int perMinute, int maxKeys) {
    this.clock = clock;
    this.perMinute = perMinute;
    this.windows = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
        return size() > maxKeys;
      }
    };
  }

  /** Counts one more event of {@code key}; false, counting nothing, when the key had its share this minute. */
  public boolean take(String key) {
    long now = clock.getAsLong();
    Window window = windows.get(key);
    if (window == null || now - window.start() >= 60_000) {
      window = new Window(now, 0);
    }
    if (window.count() >= perMinute) {
      return false;
    }
    windows.put(key, new Window(window.start(), window.count() + 1));
    return true;
  }

  public int perMinute() {
    return perMinute;
  }
}
