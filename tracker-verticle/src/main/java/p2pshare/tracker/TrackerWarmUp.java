package p2pshare.tracker;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.launch.CompilerQuiet;
import p2pshare.tracker.bench.LoadOptions;
import p2pshare.tracker.bench.LoadResult;
import p2pshare.tracker.bench.TrackerLoad;
import p2pshare.tracker.server.TrackerServerVerticle;

/**
 * Compiles the tracker's request path before it takes a single peer, as a peer node's warm-up does for its chunk
 * path (docs/performance.md): a tracker just started spent a third of its CPU in the JIT compiler during its first
 * thousands of joins, which a restart, when every peer joins again at once, cannot afford. A throwaway front of its
 * own ({@link TrackerServerVerticle#quiet}: on 127.0.0.1 and a free port, its registry inline, no metrics, no log
 * line per peer) takes {@link #PEERS} simulated peers and {@link #LOOKUPS} lookups from the load generator, every
 * answer checked, and is undeployed; then the start waits for the compilers to catch up ({@link CompilerQuiet}).
 * Bounded: {@link #PEERS} loopback connections, a few seconds. A failure costs only the warm-up.
 */
final class TrackerWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerWarmUp.class);
  static final int PEERS = 1000;
  static final int LOOKUPS = 20_000;
  private static final int TIMEOUT_SECONDS = 60;
  private static final long MAX_COMPILE_WAIT_MILLIS = 10_000;

  private TrackerWarmUp() {
  }

  /** Runs it; completes with the warm-up's result, or null if it could not run. Never fails. */
  static Future<LoadResult> run(Vertx vertx) {
    long start = System.nanoTime();
    TrackerServerVerticle front = new TrackerServerVerticle().quiet();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("httpPort", -1)
        .put("shards", 0).put("maxConnectionsPerIp", PEERS + 100).put("maxConnections", PEERS + 100)
        .put("maxFilesPerAddress", 100L * PEERS).put("maxFiles", 100L * PEERS)
        .put("maxNameBytesPerAddress", 6_400L * PEERS).put("maxNameBytes", 6_400L * PEERS);
    return vertx.deployVerticle(front, new DeploymentOptions().setConfig(config))
        .compose(id -> vertx.executeBlocking(() -> TrackerLoad.run(vertx, LoadOptions.parse("--host", "127.0.0.1",
                "--port", String.valueOf(front.actualPort()), "--peers", String.valueOf(PEERS), "--lookups",
                String.valueOf(LOOKUPS), "--warmup-lookups", "0", "--timeout-seconds",
                String.valueOf(TIMEOUT_SECONDS))), false)
            .eventually(() -> vertx.undeploy(id)))
        .compose(result -> CompilerQuiet.await(vertx, MAX_COMPILE_WAIT_MILLIS).map(result))
        .onSuccess(result -> LOG.info("warmed up in {} ms: {} simulated peers, {} lookups{}",
            (System.nanoTime() - start) / 1_000_000, PEERS, LOOKUPS,
            result.allGood() ? "" : " (not every answer was as expected: " + result.lookupsOk() + " lookups ok)"))
        .recover(e -> {
          LOG.warn("the warm-up could not run ({}); the first peers will find the tracker slower", e.toString());
          return Future.succeededFuture();
        });
  }
}
