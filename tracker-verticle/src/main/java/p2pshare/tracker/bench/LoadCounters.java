package p2pshare.tracker.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What a load run counts, from every event loop at once; copied into its {@link LoadResult} at the end. */
final class LoadCounters {
  final AtomicInteger joinsOk = new AtomicInteger();
  final AtomicInteger joinsFailed = new AtomicInteger();
  final AtomicLong heartbeatsOk = new AtomicLong();
  final AtomicLong heartbeatsBad = new AtomicLong();
  final AtomicInteger lookupsOk = new AtomicInteger();
  final AtomicInteger lookupsBad = new AtomicInteger();
  final AtomicInteger connectionsLost = new AtomicInteger();
  final AtomicLong sourcesReturned = new AtomicLong();
  final AtomicLong filesReturned = new AtomicLong();
  final AtomicLong replyBytes = new AtomicLong();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();
  private final long[] latencies;
  private final byte[] latencyKinds;
  private final AtomicInteger recorded = new AtomicInteger();

  LoadCounters(int lookups) {
    latencies = new long[lookups];
    latencyKinds = new byte[lookups];
  }

  /** Keeps the first problem only: the one that explains the others. */
  void problem(String what) {
    firstProblem.compareAndSet(null, what);
  }

  void recordLatency(long nanos, TrackerLoad.Kind kind) {
    int i = recorded.getAndIncrement();
    if (i < latencies.length) {
      latencies[i] = nanos;
      latencyKinds[i] = (byte) kind.ordinal();
    }
  }

  /** Copies the counts of the lookups, heartbeats and problems into {@code result}. */
  void fill(LoadResult result) {
    result.lookupsOk = lookupsOk.get();
    result.lookupsBad = lookupsBad.get();
    result.heartbeatsOk = heartbeatsOk.get();
    result.heartbeatsBad = heartbeatsBad.get();
    result.connectionsLost = connectionsLost.get();
    result.firstProblem = firstProblem.get();
    result.sourcesReturned = sourcesReturned.get();
    result.filesReturned = filesReturned.get();
    result.replyBytes = replyBytes.get();
    result.setLatencies(latencies, latencyKinds, Math.min(recorded.get(), latencies.length));
  }
}
