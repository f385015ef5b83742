package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.observe.Observability;

/** The tracker's /metrics and /health answer only to the tracker's own names (DNS rebinding), like a node's. */
@ExtendWith(VertxExtension.class)
class TrackerHttpHostTest {

  @Test
  void aForeignHostIsRefusedAndOwnNamesAreAnswered() throws Exception {
    Vertx vertx = Vertx.vertx(Observability.vertxOptions());
    try {
      TrackerVerticle tracker = new TrackerVerticle();
      vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
          .put("httpPort", 0).put("shards", 1).put("warmUp", false).put("httpAllowedHosts", new JsonArray().add("tracker.lan"))))
          .await(10, TimeUnit.SECONDS);
      HttpClient client = vertx.createHttpClient();
      int port = tracker.httpPort();
      for (String path : List.of("/metrics", "/health")) {
        assertEquals(421, status(client, port, path, "evil.example:" + port), path);
        assertEquals(421, status(client, port, path, "127.0.0.1:" + (port + 1)), path);
        for (String own : List.of("127.0.0.1", "localhost", "tracker.lan")) {
          assertEquals(200, status(client, port, path, own + ":" + port), path + " " + own);
        }
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static int status(HttpClient client, int port, String path, String host) throws Exception {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Host", host);
    return client.request(options).compose(request -> request.send()).map(HttpClientResponse::statusCode)
        .await(10, TimeUnit.SECONDS);
  }
}
