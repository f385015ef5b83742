package p2pshare.tracker.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a load run counts, from every event loop at once; copied into its {@link LoadResult} at the end. The counts
 * each lookup touches are {@link LongAdder}s, so the event loops do not contend for one cache line per answer.
 */
final class LoadCounters {
  final AtomicInteger joinsOk = new AtomicInteger();
  final AtomicInteger joinsFailed = new AtomicInteger();
  final LongAdder heartbeatsOk = new LongAdder();
  final LongAdder heartbeatsBad = new LongAdder();
  /** Joins whose reply named no heartbeat period, so {@code --heartbeat-seconds} was used. */
  final LongAdder heartbeatFallback = new LongAdder();
  final LongAdder lookupsOk = new LongAdder();
  final LongAdder lookupsBad = new LongAdder();
  /** Lookup answers parsed whole ({@link ReplyCheck}); the others had their head checked only. */
  final LongAdder fullyChecked = new LongAdder();
  /** Good answers among those parsed whole, and the peers or rows they listed. */
  final LongAdder sourcesChecked = new LongAdder();
  final LongAdder searchesChecked = new LongAdder();
  final LongAdder sourcesReturned = new LongAdder();
  final LongAdder filesReturned = new LongAdder();
  final LongAdder replyBytes = new LongAdder();
  final AtomicInteger connectionsLost = new AtomicInteger();
  private final AtomicLong heartbeatMinMillis = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong heartbeatMaxMillis = new AtomicLong(-1);
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

  /** A joined peer heartbeats every {@code millis}. */
  void heartbeatMillis(long millis) {
    heartbeatMinMillis.accumulateAndGet(millis, Math::min);
    heartbeatMaxMillis.accumulateAndGet(millis, Math::max);
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
    result.lookupsOk = lookupsOk.intValue();
    result.lookupsBad = lookupsBad.intValue();
    result.fullyChecked = fullyChecked.longValue();
    result.heartbeatsOk = heartbeatsOk.longValue();
    result.heartbeatsBad = heartbeatsBad.longValue();
    result.heartbeatFallback = heartbeatFallback.longValue();
    long min = heartbeatMinMillis.get();
    result.heartbeatMinMillis = min == Long.MAX_VALUE ? -1 : min;
    result.heartbeatMaxMillis = heartbeatMaxMillis.get();
    result.connectionsLost = connectionsLost.get();
    result.firstProblem = firstProblem.get();
    result.sourcesChecked = sourcesChecked.longValue();
    result.searchesChecked = searchesChecked.longValue();
    result.sourcesReturned = sourcesReturned.longValue();
    result.filesReturned = filesReturned.longValue();
    result.replyBytes = replyBytes.longValue();
    result.setLatencies(latencies, latencyKinds, Math.min(recorded.get(), latencies.length));
  }
}
