package p2pshare.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.tracker.TrackerVerticle;

/** The load generator against an in-process tracker: checks answers, not timing. */
@ExtendWith(VertxExtension.class)
class TrackerLoadTest {

  @Test
  void everyJoinAndLookupGetsAGoodAnswer(Vertx vertx) throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("httpPort", 0).put("shards", 2)
        .put("peerTimeoutSeconds", 60);
    vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);

    LoadOptions options = LoadOptions.parse("--port", String.valueOf(tracker.actualPort()), "--peers", "50",
        "--files", "20", "--lookups", "2000", "--hot-files", "10", "--tail-files", "200",
        "--heartbeat-seconds", "1", "--timeout-seconds", "60", "--connect-concurrency", "20",
        "--warmup-lookups", "300");
    LoadResult result = TrackerLoad.run(vertx, options);

    assertTrue(result.allGood(), result.report());
    assertEquals(50, result.joinsOk());
    assertEquals(50, result.livePeers());
    assertEquals(2000, result.lookupsOk());
    assertTrue(Double.isFinite(result.percentileMillis(0.99)), result.report());
    // Lookups 0, 16, 32 ... of the measured ones; the warm-up's are counted apart.
    assertEquals((2000 + 15) / 16, result.fullyChecked, result.report());
    assertEquals(0, result.warmupLookupsBad, result.report());
  }

  @Test
  void peersHeartbeatAtTheTrackersPaceFromSeveralSourceAddresses(Vertx vertx) throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    JsonObject config = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("httpPort", 0)
        .put("heartbeatSeconds", 0.25).put("peerTimeoutSeconds", 60);
    vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);

    LoadOptions options = LoadOptions.parse("--port", String.valueOf(tracker.actualPort()), "--peers", "30",
        "--files", "10", "--lookups", "300", "--hot-files", "10", "--tail-files", "100", "--hold-seconds", "1",
        "--heartbeat-seconds", "5", "--source-addresses", "3", "--timeout-seconds", "60", "--warmup-lookups", "0");
    LoadResult result = TrackerLoad.run(vertx, options);

    assertTrue(result.allGood(), result.report());
    assertEquals(250, result.heartbeatMinMillis, result.report());
    assertEquals(250, result.heartbeatMaxMillis, result.report());
    assertEquals(0, result.heartbeatFallback, result.report());
    // Every peer heartbeats about four times a second during the one-second hold alone.
    assertTrue(result.heartbeatsOk() >= 30, result.report());
    assertTrue(result.report().contains("source_addresses=3 (127.0.1.1 to 127.0.1.3"), result.report());
  }
}
