package p2pshare.tracker.bench;

import java.util.Arrays;
import java.util.Locale;

/** What one {@link TrackerLoad} run measured. Latencies are nanoseconds from writing a request to its reply. */
public final class LoadResult {
  private final LoadOptions o;
  int catalog;
  int hotTargets;
  int tailTargets;
  double joinSeconds;
  int joinsOk;
  int joinsFailed;
  double lookupSeconds;
  /** CPU seconds the generator's process spent during the lookups (all its threads). */
  double generatorLookupCpuSeconds = -1;
  /** The same by kind of thread; null where the threads' times cannot be read. */
  ThreadCpu generatorLookupThreads;
  int lookupsOk;
  int lookupsBad;
  int lookupsMissing;
  /** Warm-up lookups that got a bad answer or none. */
  int warmupLookupsBad;
  /** Seconds waited after the warm-up for the JIT compilers to go quiet; -1 when not measured. */
  double jitSettleSeconds = -1;
  /** Lookup answers parsed and checked whole; every other answer had its framing, type and id checked. */
  long fullyChecked;
  long heartbeatsOk;
  long heartbeatsBad;
  /** Joins whose reply named no heartbeat period; the shortest and longest period the peers used (ms, -1: none). */
  long heartbeatFallback;
  long heartbeatMinMillis = -1;
  long heartbeatMaxMillis = -1;
  int connectionsLost;
  int livePeers = -1;
  /** Good {@code sources} and {@code search} answers among those checked whole, and the peers and rows they held. */
  long sourcesChecked;
  long searchesChecked;
  long sourcesReturned;
  long filesReturned;
  long replyBytes;
  String firstProblem;
  private long[] all = new long[0];
  /** Per joined peer: nanoseconds to connect, and from connected to the joined reply; sorted. */
  private long[] connects = new long[0];
  private long[] joinReplies = new long[0];
  private final long[][] byKind = new long[TrackerLoad.Kind.values().length][];

  LoadResult(LoadOptions options) {
    this.o = options;
  }

  /** Takes each peer's connect and join time; a peer with no join time (it failed) is left out. */
  void setJoinLatencies(long[] connectNanos, long[] joinNanos) {
    int n = 0;
    for (long join : joinNanos) {
      n += join > 0 ? 1 : 0;
    }
    connects = new long[n];
    joinReplies = new long[n];
    for (int i = 0, j = 0; i < joinNanos.length; i++) {
      if (joinNanos[i] > 0) {
        connects[j] = connectNanos[i];
        joinReplies[j++] = joinNanos[i];
      }
    }
    Arrays.sort(connects);
    Arrays.sort(joinReplies);
  }

  void setLatencies(long[] latencies, byte[] kinds, int n) {
    all = Arrays.copyOf(latencies, n);
    Arrays.sort(all);
    int[] counts = new int[byKind.length];
    for (int i = 0; i < n; i++) {
      counts[kinds[i]]++;
    }
    for (int k = 0; k < byKind.length; k++) {
      byKind[k] = new long[counts[k]];
      counts[k] = 0;
    }
    for (int i = 0; i < n; i++) {
      byKind[kinds[i]][counts[kinds[i]]++] = latencies[i];
    }
    for (long[] kind : byKind) {
      Arrays.sort(kind);
    }
  }

  /**
   * Every peer joined, every heartbeat and lookup (warm-up ones too) got a good answer, none was lost, and all peers
   * are live.
   */
  public boolean allGood() {
    return joinsOk == o.peers && joinsFailed == 0 && lookupsOk == o.lookups && lookupsBad == 0
        && lookupsMissing == 0 && warmupLookupsBad == 0 && heartbeatsBad == 0 && connectionsLost == 0
        && livePeers == o.peers;
  }

  public int joinsOk() {
    return joinsOk;
  }

  public int lookupsOk() {
    return lookupsOk;
  }

  public int livePeers() {
    return livePeers;
  }

  public long heartbeatsOk() {
    return heartbeatsOk;
  }

  public String firstProblem() {
    return firstProblem;
  }

  public double joinsPerSecond() {
    return joinSeconds > 0 ? joinsOk / joinSeconds : 0;
  }

  public double lookupsPerSecond() {
    return lookupSeconds > 0 ? (lookupsOk + lookupsBad) / lookupSeconds : 0;
  }

  /** The latency at quantile {@code q} (0..1) in milliseconds, over all lookups. */
  public double percentileMillis(double q) {
    return percentile(all, q);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private String heartbeatPeriod() {
    if (heartbeatMinMillis < 0) {
      return "none";
    }
    String min = String.format(Locale.ROOT, "%.3f", heartbeatMinMillis / 1000.0).replaceAll("\\.?0+$", "");
    String max = String.format(Locale.ROOT, "%.3f", heartbeatMaxMillis / 1000.0).replaceAll("\\.?0+$", "");
    return min.equals(max) ? min : min + " to " + max;
  }

  public String report() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "peers=%d files_per_peer=%d catalog=%d (hot %d, lookup targets hot %d tail %d)%n",
        o.peers, o.files, catalog, o.hotFiles, hotTargets, tailTargets));
    int sources = o.sourceAddressCount();
    s.append(String.format(Locale.ROOT, "source_addresses=%s connect_concurrency=%d%n",
        sources == 0 ? "1 (the system's choice)" : sources + " (" + o.sourceAddress(0)
            + (sources > 1 ? " to " + o.sourceAddress(sources - 1) : "") + ", up to "
            + (o.peers + sources - 1) / sources + " connections each)",
        o.connectConcurrency));
    s.append(String.format(Locale.ROOT, "joins_ok=%d joins_failed=%d join_seconds=%.3f joins_per_s=%.0f%n",
        joinsOk, joinsFailed, joinSeconds, joinsPerSecond()));
    s.append(String.format(Locale.ROOT,
        "join_latency_ms connect: p50=%.3f p99=%.3f max=%.3f, connected to joined: p50=%.3f p99=%.3f max=%.3f%n",
        percentile(connects, 0.5), percentile(connects, 0.99), percentile(connects, 1.0),
        percentile(joinReplies, 0.5), percentile(joinReplies, 0.99), percentile(joinReplies, 1.0)));
    s.append(String.format(Locale.ROOT,
        "lookups=%d lookups_ok=%d lookups_bad=%d lookups_missing=%d lookup_seconds=%.3f lookups_per_s=%.0f%n",
        o.lookups, lookupsOk, lookupsBad, lookupsMissing, lookupSeconds, lookupsPerSecond()));
    s.append(String.format(Locale.ROOT, "warmup_lookups=%d (before the measured ones, checked alike) warmup_bad=%d"
        + " then %.1f s for the generator's JIT compilers to go quiet%n", o.warmupLookups, warmupLookupsBad,
        Math.max(0, jitSettleSeconds)));
    s.append(String.format(Locale.ROOT, "generator_cpu_seconds_lookups=%.2f (%.1f us per lookup)%n",
        generatorLookupCpuSeconds, generatorLookupCpuSeconds * 1e6 / Math.max(1, lookupsOk + lookupsBad)));
    if (generatorLookupThreads != null) {
      ThreadCpu t = generatorLookupThreads;
      s.append(String.format(Locale.ROOT,
          "generator_cpu_seconds_lookups by thread: event loops %.2f (%.1f us per lookup), JIT compilers %.2f,"
              + " GC %.2f, other %.2f%n",
          t.eventLoopSeconds(), t.eventLoopSeconds() * 1e6 / Math.max(1, lookupsOk + lookupsBad), t.jitSeconds(),
          t.gcSeconds(), t.otherSeconds()));
    }
    s.append(String.format(Locale.ROOT,
        "in_flight_per_conn=%d active_conns=%d mix: sources %d%%, substring search %d%%, exact search %d%%%n",
        o.inFlight, o.activeConnections, o.sourcesPercent, o.substringPercent,
        100 - o.sourcesPercent - o.substringPercent));
    s.append(String.format(Locale.ROOT, "latency_ms all: p50=%.3f p99=%.3f max=%.3f (n=%d)%n",
        percentile(all, 0.50), percentile(all, 0.99), percentile(all, 1.0), all.length));
    for (TrackerLoad.Kind kind : new TrackerLoad.Kind[] {
        TrackerLoad.Kind.SOURCES, TrackerLoad.Kind.EXACT, TrackerLoad.Kind.SUBSTRING}) {
      long[] sorted = byKind[kind.ordinal()];
      if (sorted != null && sorted.length > 0) {
        s.append(String.format(Locale.ROOT, "latency_ms %s: p50=%.3f p99=%.3f max=%.3f (n=%d)%n",
            kind.name().toLowerCase(Locale.ROOT), percentile(sorted, 0.50), percentile(sorted, 0.99),
            percentile(sorted, 1.0), sorted.length));
      }
    }
    s.append(String.format(Locale.ROOT,
        "checked: every answer's framing, type and id; fully_checked=%d of %d answers (1 lookup in %d, "
            + "and every answer not starting {\"type\":<expected>,\"id\":<its id>, errors included)%n",
        fullyChecked, lookupsOk + lookupsBad, o.fullCheckEvery));
    s.append(String.format(Locale.ROOT,
        "avg peers per sources reply=%.1f, avg files per search reply=%.1f (of the good answers checked fully: "
            + "%d sources, %d search), reply bytes total=%d%n",
        sourcesReturned / (double) Math.max(1, sourcesChecked), filesReturned / (double) Math.max(1, searchesChecked),
        sourcesChecked, searchesChecked, replyBytes));
    s.append(String.format(Locale.ROOT, "heartbeats_ok=%d heartbeats_bad=%d connections_lost=%d live_peers=%d%n",
        heartbeatsOk, heartbeatsBad, connectionsLost, livePeers));
    s.append(String.format(Locale.ROOT, "heartbeat_seconds=%s (%s)%n", heartbeatPeriod(),
        heartbeatFallback == 0 ? "as the tracker's joined replies asked"
            : heartbeatFallback + " joined replies named none: --heartbeat-seconds " + o.heartbeatSeconds));
    if (firstProblem != null) {
      s.append("first problem: ").append(firstProblem).append('\n');
    }
    s.append(allGood() ? "RESULT: every request got a good answer" : "RESULT: FAILED (see above)");
    return s.toString();
  }
}
