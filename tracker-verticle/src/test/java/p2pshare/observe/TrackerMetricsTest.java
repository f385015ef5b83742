package p2pshare.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import p2pshare.protocol.FrameReader;
import p2pshare.protocol.Frames;
import p2pshare.tracker.TrackerVerticle;

/** The tracker's own HTTP port: Prometheus metrics that count what happened, and a health answer. */
class TrackerMetricsTest {
  private final Vertx vertx = Vertx.vertx(Observability.vertxOptions());
  private final HttpClient http = vertx.createHttpClient();

  @AfterEach
  void close() throws Exception {
    await(http.close());
    await(vertx.close());
  }

  @Test
  void metricsCountPeersAndRequestsAndHealthSaysUp() throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    await(vertx.deployVerticle(tracker, new DeploymentOptions()
        .setConfig(new JsonObject().put("port", 0).put("httpPort", 0).put("shards", 2))));
    NetSocket peer = await(vertx.createNetClient().connect(tracker.actualPort(), "127.0.0.1"));
    Promise<Void> twoReplies = Promise.promise();
    int[] replies = {0};
    new FrameReader(peer, 1 << 20, body -> {
      if (++replies[0] == 2) {
        twoReplies.complete();
      }
    }, twoReplies::tryFail);
    String fileId = "cd".repeat(32);
    peer.write(Frames.json(new JsonObject().put("type", "join").put("id", 1).put("name", "p").put("host", "127.0.0.1")
        .put("port", 7000).put("files", new JsonArray().add(new JsonObject().put("fileId", fileId)
            .put("name", "f.bin").put("size", 5)))));
    peer.write(Frames.json(new JsonObject().put("type", "search").put("id", 2).put("q", "f.b")));
    await(twoReplies.future());

    String metrics = get(tracker.httpPort(), "/metrics").toString();
    assertTrue(metrics.contains("p2p_tracker_live_peers 1.0"), metrics);
    assertTrue(metrics.contains("p2p_tracker_requests_total{type=\"search\"} 1.0"), metrics);
    assertTrue(metrics.matches("(?s).*p2p_tracker_swarms\\{shard=\"[01]\"} 1\\.0.*"), metrics);
    assertEquals("UP", new JsonObject(get(tracker.httpPort(), "/health")).getString("status"));
    await(peer.close());
  }

  private Buffer get(int port, String uri) throws Exception {
    Future<Buffer> body = http.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(request -> request.send())
        .compose(response -> {
          assertEquals(200, response.statusCode(), uri);
          return response.body();
        });
    return await(body);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
