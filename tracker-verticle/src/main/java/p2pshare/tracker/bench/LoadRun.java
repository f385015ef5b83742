package p2pshare.tracker.bench;

import io.vertx.core.Vertx;

/** What every simulated peer of one load run shares. */
record LoadRun(Vertx vertx, LoadOptions options, Workload work, RequestFrames frames, LoadCounters counters,
               LookupQueue lookups) {
}
