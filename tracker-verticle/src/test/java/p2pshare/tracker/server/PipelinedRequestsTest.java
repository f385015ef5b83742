package p2pshare.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.tracker.server.TrackerFixture.file;
import static p2pshare.tracker.server.TrackerTestClient.request;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.tracker.TrackerVerticle;

/**
 * A client that pipelines requests and reads no reply cannot make the tracker hold more than about one frame of its
 * requests and one write queue of its replies: the tracker stops reading instead.
 */
@ExtendWith(VertxExtension.class)
class PipelinedRequestsTest {
  private static final int MAX_FRAME = 1 << 20;

  @Test
  void aClientThatReadsNoReplyCannotMakeTheTrackerBufferItsRequests(Vertx vertx) throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
        .put("httpPort", -1).put("shards", 2).put("warmUp", false).put("maxFrameBytes", MAX_FRAME))).await();
    int port = tracker.actualPort();
    JsonObject[] files = new JsonObject[400];
    for (int i = 0; i < files.length; i++) {
      files[i] = file("f" + i, String.format("%03d-", i) + "n".repeat(200), i + 1);
    }
    TrackerTestClient.joined(vertx, port, "seeder", 7001, files);

    TrackerTestClient greedy = TrackerTestClient.connect(vertx, port,
        new NetClientOptions().setReceiveBufferSize(4096));
    greedy.call(TrackerTestClient.join("greedy", 7002));
    greedy.pauseReading();
    List<CompletableFuture<JsonObject>> replies = new ArrayList<>();
    // Searches whose answers (about 100 KB each) fill the socket's buffers, then big requests that must wait.
    for (int i = 0; i < 10; i++) {
      replies.add(greedy.send(request("search").put("q", "")));
    }
    String pad = "p".repeat(200 * 1024);
    for (int i = 0; i < 30; i++) {
      replies.add(greedy.send(request("heartbeat").put("pad", pad)));
    }

    await(() -> tracker.bufferedBytes() >= MAX_FRAME);
    long settled = settledValue(tracker);
    // One frame's worth of requests waits (the last read may pass the mark by one frame), plus replies not yet sent:
    // at most the write queue's mark and one search answer.
    long bound = MAX_FRAME + pad.length() + 1024 + TrackerServerVerticle.WRITE_QUEUE_BYTES + 200 * 1024;
    assertTrue(settled <= bound, "the tracker holds " + settled + " bytes for one client, more than " + bound);

    greedy.resumeReading();
    for (CompletableFuture<JsonObject> reply : replies) {
      assertTrue(reply.get(TrackerTestClient.WAIT_SECONDS, TimeUnit.SECONDS).getString("type").matches("files|ok"));
    }
    await(() -> tracker.bufferedBytes() == 0);
    assertEquals("ok", greedy.call(request("heartbeat")).getString("type"));
  }

  /** The tracker's buffered bytes once they have not changed for 300 ms: it has stopped reading. */
  private static long settledValue(TrackerVerticle tracker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TrackerTestClient.WAIT_SECONDS);
    long value = tracker.bufferedBytes();
    long since = System.nanoTime();
    while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(300)) {
      assertTrue(System.nanoTime() < deadline, "the tracker's buffers never settled");
      Thread.sleep(10);
      long now = tracker.bufferedBytes();
      if (now != value) {
        value = now;
        since = System.nanoTime();
      }
    }
    return value;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TrackerTestClient.WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met in time");
      Thread.sleep(10);
    }
  }
}
