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
        "--heartbeat-seconds", "1", "--timeout-seconds", "60", "--connect-concurrency", "20");
    LoadResult result = TrackerLoad.run(vertx, options);

    assertTrue(result.allGood(), result.report());
    assertEquals(50, result.joinsOk());
    assertEquals(50, result.livePeers());
    assertEquals(2000, result.lookupsOk());
    assertTrue(Double.isFinite(result.percentileMillis(0.99)), result.report());
  }
}
