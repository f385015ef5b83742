package p2pshare.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static p2pshare.testkit.Await.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.observe.Observability;
import p2pshare.peer.PeerVerticle;
import p2pshare.testkit.Poll;
import p2pshare.tracker.TrackerVerticle;

/** A node's /metrics after a download counts exactly the file's bytes; /health follows the share folder. */
class MetricsAndHealthIT {
  private static final String TOKEN = "metrics-token";

  @TempDir
  Path root;

  private final Vertx trackerVertx = Vertx.vertx();
  private final Vertx seederVertx = Vertx.vertx();
  private final Vertx nodeVertx = Vertx.vertx(Observability.vertxOptions());
  private final WebClient http = WebClient.create(nodeVertx);

  @AfterEach
  void close() throws Exception {
    http.close();
    await(nodeVertx.close());
    await(seederVertx.close());
    await(trackerVertx.close());
  }

  private JsonObject peerConfig(String name) throws Exception {
    return new JsonObject().put("name", name).put("port", 0)
        .put("shareDir", Files.createDirectories(root.resolve(name + "/share")).toString())
        .put("downloadDir", root.resolve(name + "/downloads").toString())
        .put("heartbeatSeconds", 1).put("rescanSeconds", 0.2).put("chunkSize", 256 * 1024);
  }

  @Test
  void downloadedBytesAreCountedAndHealthFollowsTheShareFolder() throws Exception {
    TrackerVerticle tracker = new TrackerVerticle();
    await(trackerVertx.deployVerticle(tracker, new DeploymentOptions()
        .setConfig(new JsonObject().put("port", 0).put("httpPort", -1).put("warmUp", false))));
    JsonObject trackerRef = new JsonObject().put("host", "127.0.0.1").put("port", tracker.actualPort());
    byte[] data = new byte[5 * 1024 * 1024 + 3];
    new Random(8).nextBytes(data);
    JsonObject seeder = peerConfig("seeder").put("tracker", trackerRef);
    Files.write(Path.of(seeder.getString("shareDir")).resolve("m.bin"), data);
    await(seederVertx.deployVerticle(new PeerVerticle(), new DeploymentOptions().setConfig(seeder)));
    PeerNodeVerticle node = new PeerNodeVerticle();
    await(nodeVertx.deployVerticle(node, new DeploymentOptions().setConfig(peerConfig("node").put("tracker", trackerRef)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", TOKEN)))));
    int port = node.httpPort();

    poll(() -> get(port, "/api/files?q=m.bin"), r -> r.statusCode() == 200
        && r.bodyAsJsonObject().getJsonArray("files").size() == 1);
    String id = await(http.post(port, "127.0.0.1", "/api/downloads").bearerTokenAuthentication(TOKEN)
        .sendJsonObject(new JsonObject().put("name", "m.bin"))).bodyAsJsonObject().getString("id");
    JsonObject done = poll(() -> get(port, "/api/downloads/" + id),
        r -> r.bodyAsJsonObject().getString("state").equals("completed")).bodyAsJsonObject();

    assertEquals(401, await(http.get(port, "127.0.0.1", "/metrics").send()).statusCode());
    String metrics = await(get(port, "/metrics")).bodyAsString();
    Matcher bytes = Pattern.compile("p2p_download_bytes_total\\{file=\"" + done.getString("fileId")
        + "\"} ([0-9.E]+)").matcher(metrics);
    assertTrue(bytes.find(), metrics);
    assertEquals(data.length, Double.parseDouble(bytes.group(1)));
    assertTrue(metrics.contains("p2p_chunk_fetch_seconds_count"), "chunk latency is timed");

    assertEquals(200, await(http.get(port, "127.0.0.1", "/health").send()).statusCode());
    Files.delete(root.resolve("node/share"));
    HttpResponse<Buffer> down = poll(() -> http.get(port, "127.0.0.1", "/health").send(), r -> r.statusCode() == 503);
    assertEquals("DOWN", down.bodyAsJsonObject().getString("outcome", down.bodyAsJsonObject().getString("status")));
  }

  private Future<HttpResponse<Buffer>> get(int port, String uri) {
    return http.get(port, "127.0.0.1", uri).bearerTokenAuthentication(TOKEN).send();
  }

  private HttpResponse<Buffer> poll(Supplier<Future<HttpResponse<Buffer>>> request,
      Predicate<HttpResponse<Buffer>> done) throws Exception {
    return Poll.until(nodeVertx, request, done, 100, 30);
  }
}
