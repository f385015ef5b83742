package p2pshare.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import p2pshare.launch.StartupHooks;

/** A busy port fails the deployment with a message that names the address and says it is in use. */
@ExtendWith(VertxExtension.class)
class PortInUseIT {

  @Test
  void deployFailsWithAClearMessage(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      JsonObject config = new JsonObject().put("http", new JsonObject().put("host", "127.0.0.1").put("port", port));
      Throwable failure = deployFailure(vertx, config);
      String line = StartupHooks.describe(failure);
      assertTrue(line.startsWith("cannot listen on 127.0.0.1:" + port + ": "), line);
      assertTrue(line.contains("in use"), line);
    }
  }

  @Test
  void badPortFailsWithAClearMessage(Vertx vertx) throws Exception {
    JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 70000));
    assertEquals("bad dashboard configuration: http.port must be an integer 0..65535, got 70000",
        StartupHooks.describe(deployFailure(vertx, config)));
  }

  private static Throwable deployFailure(Vertx vertx, JsonObject config) throws Exception {
    try {
      vertx.deployVerticle(new DashboardVerticle(), new DeploymentOptions().setConfig(config))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException expected) {
      return expected.getCause();
    }
    throw new AssertionError("the deployment should have failed");
  }
}
