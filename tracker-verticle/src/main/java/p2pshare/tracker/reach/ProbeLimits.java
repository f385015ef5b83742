package p2pshare.tracker.reach;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import p2pshare.protocol.tracker.Reachability;

/**
 * How often the tracker dials peers back ({@link ReachabilityProbe}): at most {@link #PER_ADDRESS} probes at once to
 * one address and {@link #PER_ADDRESS_PER_MINUTE} a minute, at most {@link #IN_FLIGHT} in all; a finished probe's
 * result is kept for {@link #KEEP_MILLIS} per address and port (the {@link #KEPT} latest), so a peer that connects
 * again is not dialled again. Peers behind one NAT share an address: past the limits they are reported
 * {@link Reachability#UNKNOWN}, which costs them nothing but the mark. Runs on one event loop.
 */
public final class ProbeLimits {
  static final int PER_ADDRESS = 4;
  static final int PER_ADDRESS_PER_MINUTE = 30;
  static final int IN_FLIGHT = 64;
  static final long KEEP_MILLIS = 5 * 60_000;
  static final int KEPT = 50_000;

  private record Window(long start, int probes, int running) {
  }

  private record Kept(ReachabilityProbe.Result result, long at) {
  }

  private final LongSupplier clock;
  // Least recently probed first: the oldest idle address goes once there are too many.
  private final Map<String, Window> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
      return size() > KEPT && eldest.getValue().running() == 0;
    }
  };
  private final Map<String, Kept> results = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
      return size() > KEPT;
    }
  };
  private int running;

  public ProbeLimits(LongSupplier clock) {
    this.clock = clock;
  }

  /** The result of a probe of {@code host:port} that finished within {@link #KEEP_MILLIS}, or null. */
  ReachabilityProbe.Result known(String host, int port) {
    Kept kept = results.get(host + " " + port);
    if (kept == null || clock.getAsLong() - kept.at() > KEEP_MILLIS) {
      return null;
    }
    return kept.result();
  }

  /** Counts a probe of {@code host} in, or says why there is no room for it now. */
  String start(String host) {
    long now = clock.getAsLong();
    Window window = byAddress.get(host);
    if (window == null || now - window.start() >= 60_000) {
      window = new Window(now, 0, window == null ? 0 : window.running());
    }
    if (running >= IN_FLIGHT) {
      return "the tracker is probing " + IN_FLIGHT + " peers already";
    }
    if (window.running() >= PER_ADDRESS || window.probes() >= PER_ADDRESS_PER_MINUTE) {
      return "the tracker probes an address at most " + PER_ADDRESS + " at a time and "
          + PER_ADDRESS_PER_MINUTE + " times a minute";
    }
    byAddress.put(host, new Window(window.start(), window.probes() + 1, window.running() + 1));
    running++;
    return null;
  }

  /** Counts a probe out, and keeps its result unless it was {@link Reachability#UNKNOWN}. */
  void finish(String host, int port, ReachabilityProbe.Result result) {
    running--;
    Window window = byAddress.get(host);
    if (window != null) {
      byAddress.put(host, new Window(window.start(), window.probes(), window.running() - 1));
    }
    if (result != null && result.state() != Reachability.UNKNOWN) {
      results.put(host + " " + port, new Kept(result, clock.getAsLong()));
    }
  }

  /** Probes running now. */
  public int running() {
    return running;
  }
}
