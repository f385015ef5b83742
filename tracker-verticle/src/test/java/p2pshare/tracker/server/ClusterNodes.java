package p2pshare.tracker.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import p2pshare.tls.NetworkTls;
import p2pshare.tls.TlsSettings;
import p2pshare.tracker.TrackerVerticle;

/**
 * Clustered tracker nodes in one JVM for tests, each its own clustered Vert.x with the project's conf/cluster.xml on
 * loopback, on free ports and under a cluster name of its own, so that tests never meet each other's nodes.
 */
final class ClusterNodes implements AutoCloseable {
  private final String name = "p2pshare-test-" + UUID.randomUUID();
  private final List<Integer> hazelcastPorts = new ArrayList<>();
  private final List<Vertx> nodes = new ArrayList<>();

  ClusterNodes(int size) {
    for (int i = 0; i < size; i++) {
      hazelcastPorts.add(freePort());
    }
  }

  /** Starts node {@code i} (a clustered Vert.x) and deploys a tracker on it; returns the tracker. */
  TrackerVerticle start(int i, JsonObject config) {
    return start(i, config, TlsSettings.OPEN);
  }

  /** As {@link #start(int, JsonObject)}, with the event bus over mutual TLS with these keys. */
  TrackerVerticle start(int i, JsonObject config, TlsSettings eventBusTls) {
    Config hazelcast;
    try (InputStream xml = new FileInputStream("../conf/cluster.xml")) {
      hazelcast = new XmlConfigBuilder(xml).build();
    } catch (IOException e) {
      throw new AssertionError("cannot read conf/cluster.xml: " + e, e);
    }
    hazelcast.setClusterName(name);
    hazelcast.getNetworkConfig().setPort(hazelcastPorts.get(i)).setPortAutoIncrement(false);
    hazelcast.getNetworkConfig().getJoin().getTcpIpConfig()
        .setMembers(hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).toList());
    try {
      Vertx vertx = Vertx.builder().withClusterManager(new HazelcastClusterManager(hazelcast))
          .with(new VertxOptions().setEventBusOptions(NetworkTls.eventBus(eventBusTls,
              new EventBusOptions().setHost("127.0.0.1").setPort(0))))
          .buildClustered().await(60, TimeUnit.SECONDS);
      nodes.add(vertx);
      TrackerVerticle tracker = new TrackerVerticle();
      vertx.deployVerticle(tracker, new DeploymentOptions().setConfig(new JsonObject().put("port", 0)
          .put("httpPort", 0).put("shards", 1).mergeIn(config))).await(30, TimeUnit.SECONDS);
      return tracker;
    } catch (Exception e) {
      throw new AssertionError("tracker node " + i + " did not start: " + e, e);
    }
  }

  /** Waits up to {@code seconds} for a condition that other nodes make true by themselves. */
  static void until(String what, long seconds, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      try {
        Thread.sleep(50); // polling a condition, not waiting for a time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (Vertx vertx : nodes) {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
