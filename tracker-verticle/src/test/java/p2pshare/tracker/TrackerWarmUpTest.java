package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.protocol.FrameChannel;
import p2pshare.protocol.RpcClient;

/** A tracker that warms up starts with nothing of its warm-up left: no peer, no connection, its own port. */
@ExtendWith(VertxExtension.class)
class TrackerWarmUpTest {
  @Test
  void theWarmUpLeavesNoPeerAndNoConnectionBehind(Vertx vertx) throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("httpPort", -1).put("warmUp", true))).await(90, TimeUnit.SECONDS);

    assertEquals(0, tracker.connections(), "the warm-up's connections went with its throwaway front");
    NetClient client = vertx.createNetClient();
    RpcClient rpc = new RpcClient(new FrameChannel(vertx, client.connect(tracker.actualPort(), "127.0.0.1")
        .await(10, TimeUnit.SECONDS), new FrameChannel.Limits(1 << 20, 0, 0)));
    JsonObject joined = rpc.request(new JsonObject().put("type", "join").put("name", "first").put("host", "127.0.0.1")
        .put("port", 7001).put("files", new JsonArray())).await(10, TimeUnit.SECONDS);
    assertEquals("joined", joined.getString("type"), joined.encode());
    JsonObject peers = rpc.request(new JsonObject().put("type", "peers")).await(10, TimeUnit.SECONDS);
    assertEquals(1, peers.getInteger("total"), "only the peer that joined after the start: " + peers.encode());
  }
}
