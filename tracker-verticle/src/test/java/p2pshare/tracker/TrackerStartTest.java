package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TrackerStartTest {

  private static Throwable startFailure(Vertx vertx, JsonObject config) {
    return assertThrows(Exception.class, () -> vertx.deployVerticle(new TrackerVerticle(),
        new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS));
  }

  @Test
  void aBusyPortFailsTheStartWithAClearMessage(Vertx vertx) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Throwable failure = startFailure(vertx, new JsonObject().put("port", taken.getLocalPort()).put("shards", 1));
      assertTrue(failure.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
          failure.getMessage());
      assertTrue(failure.getMessage().contains("in use"), failure.getMessage());
    }
  }

  @Test
  void aBadSettingFailsTheStartNamingIt(Vertx vertx) {
    assertEquals("port must be an integer 0..65535, got 70000",
        startFailure(vertx, new JsonObject().put("port", 70000)).getMessage());
    assertEquals("shards must be an integer 0..1024, got -1",
        startFailure(vertx, new JsonObject().put("shards", -1)).getMessage());
    assertEquals("peerTimeoutSeconds must be an integer 1..86400, got \"ten\"",
        startFailure(vertx, new JsonObject().put("peerTimeoutSeconds", "ten")).getMessage());
  }

  @Test
  void severalInstancesAreRefusedRatherThanSplittingTheTracker(Vertx vertx) {
    Throwable failure = assertThrows(Exception.class, () -> vertx.deployVerticle(TrackerVerticle.class.getName(),
        new DeploymentOptions().setInstances(2).setConfig(new JsonObject().put("port", 0).put("httpPort", -1)
            .put("shards", 1))).await(10, TimeUnit.SECONDS));
    assertTrue(failure.getMessage().startsWith("-instances 2 would start that many separate trackers"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("-cluster"), failure.getMessage());
  }

  @Test
  void theHeartbeatAndTheTimeoutFollowFromEachOther() {
    TrackerConfig timeoutOnly = TrackerConfig.from(new JsonObject().put("peerTimeoutSeconds", 15));
    assertEquals(5_000, timeoutOnly.heartbeatMillis());
    TrackerConfig longTimeout = TrackerConfig.from(new JsonObject().put("peerTimeoutSeconds", 600));
    assertEquals(30_000, longTimeout.heartbeatMillis(), "the default heartbeat when the timeout allows it");
    TrackerConfig heartbeatOnly = TrackerConfig.from(new JsonObject().put("heartbeatSeconds", 20));
    assertEquals(60, heartbeatOnly.peerTimeoutSeconds());
    TrackerConfig again = TrackerConfig.from(heartbeatOnly.toJson());
    assertEquals(heartbeatOnly, again, "the settings the verticles pass on read back the same");
    IllegalArgumentException tooShort = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> TrackerConfig.from(new JsonObject().put("heartbeatSeconds", 10).put("peerTimeoutSeconds", 15)));
    assertEquals("peerTimeoutSeconds must be at least twice heartbeatSeconds, got 15 and 10.0",
        tooShort.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TrackerConfig.from(new JsonObject().put("heartbeatSeconds", 61)),
        "a NAT router must see the connection used at least every minute");
  }

  @Test
  void defaultsApply() {
    TrackerConfig config = TrackerConfig.from(new JsonObject());
    assertEquals("127.0.0.1", config.host());
    assertEquals(6881, config.port());
    assertEquals(30_000, config.heartbeatMillis());
    assertEquals(90, config.peerTimeoutSeconds(), "three heartbeats");
    assertEquals(256, config.maxSubscriptionsPerConnection());
    assertEquals(1000, config.maxWatchers());
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores <= 2 ? 0 : cores - 1, config.shards());
    assertEquals(1 << 20, config.maxFrameBytes());
    assertEquals(10_000, config.maxConnections());
    assertEquals(10_000, config.maxFilesPerPeer());
  }
}
