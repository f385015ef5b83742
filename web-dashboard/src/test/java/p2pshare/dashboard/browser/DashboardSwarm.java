package p2pshare.dashboard.browser;

import static p2pshare.testkit.Await.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import p2pshare.node.PeerNodeVerticle;
import p2pshare.peer.PeerBus;
import p2pshare.peer.PeerVerticle;
import p2pshare.tracker.TrackerVerticle;

/**
 * A whole network on loopback for the browser: a tracker, seeders (each a {@link PeerVerticle} in its own Vert.x,
 * since a peer's bus addresses are per instance) and the node under test, a {@link PeerNodeVerticle} with its
 * dashboard on any free port and the token {@link #TOKEN}.
 */
final class DashboardSwarm implements AutoCloseable {
  static final String TOKEN = "test-token";

  private final Path root;
  private final Vertx trackerVertx = Vertx.vertx();
  private final int trackerPort;
  private final List<Seeder> seeders = new ArrayList<>();
  private Vertx nodeVertx;
  private int httpPort = -1;

  /** One seeder: its Vert.x, its share folder, and its peer id once joined. */
  record Seeder(String name, Vertx vertx, Path share, String peerId) {
    /** Takes the seeder off the network: its peer leaves the tracker as it stops. */
    void stop() throws Exception {
      await(vertx.close());
    }
  }

  DashboardSwarm(Path root) throws Exception {
    this.root = root;
    TrackerVerticle tracker = new TrackerVerticle();
    await(trackerVertx.deployVerticle(tracker, new DeploymentOptions()
        .setConfig(new JsonObject().put("port", 0).put("httpPort", -1).put("peerTimeoutSeconds", 3)
            .put("warmUp", false))));
    trackerPort = tracker.actualPort();
  }

  /** Starts a seeder that shares one file, and waits until it has joined the tracker. */
  Seeder seeder(String name, String fileName, byte[] content) throws Exception {
    return seeder(name, java.util.Map.of(fileName, content));
  }

  /** Starts a seeder that shares these files (name to content), and waits until it has joined the tracker. */
  Seeder seeder(String name, java.util.Map<String, byte[]> files) throws Exception {
    Path dir = root.resolve("seeder-" + (seeders.size() + 1));
    Path share = Files.createDirectories(dir.resolve("share"));
    for (java.util.Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(share.resolve(file.getKey()), file.getValue());
    }
    Vertx vertx = Vertx.vertx();
    try {
      await(vertx.deployVerticle(PeerVerticle.class.getName(),
          new DeploymentOptions().setConfig(peerConfig(name, dir))));
      JsonObject node = awaitJoined(vertx);
      Seeder seeder = new Seeder(name, vertx, share, node.getString("peerId"));
      seeders.add(seeder);
      return seeder;
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /** Starts the node under test; the page is at {@link #url(String)}. */
  DashboardSwarm startNode(String name) throws Exception {
    return startNode(name, new JsonObject());
  }

  /** Starts the node under test with {@code extra} merged over its configuration. */
  DashboardSwarm startNode(String name, JsonObject extra) throws Exception {
    Path dir = root.resolve("node");
    Files.createDirectories(dir.resolve("share"));
    nodeVertx = Vertx.vertx();
    JsonObject config = peerConfig(name, dir)
        .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", TOKEN)
            .put("peersRefreshMillis", 500))
        .mergeIn(extra, true);
    PeerNodeVerticle node = new PeerNodeVerticle();
    await(nodeVertx.deployVerticle(node, new DeploymentOptions().setConfig(config)));
    httpPort = node.httpPort();
    awaitJoined(nodeVertx);
    return this;
  }

  /** The node's dashboard URL for a path such as {@code "/?token=test-token"}. */
  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + httpPort + pathAndQuery;
  }

  /** The share folder of the node under test. */
  Path nodeShare() {
    return root.resolve("node").resolve("share");
  }

  /** Asks {@code address} of {@code vertx}'s peer every 50 ms until {@code done} holds for the reply (30 s at most). */
  static JsonObject askUntil(Vertx vertx, String address, JsonObject request,
      java.util.function.Predicate<JsonObject> done) throws Exception {
    return askUntil(vertx, address, request, done, 30_000);
  }

  private static JsonObject askUntil(Vertx vertx, String address, JsonObject request,
      java.util.function.Predicate<JsonObject> done, long millis) throws Exception {
    Promise<JsonObject> answered = Promise.promise();
    askUntil(vertx, address, request, done, answered, System.currentTimeMillis() + millis);
    return await(answered.future());
  }

  private static void askUntil(Vertx vertx, String address, JsonObject request,
      java.util.function.Predicate<JsonObject> done, Promise<JsonObject> answered, long deadline) {
    vertx.eventBus().<JsonObject>request(address, request).onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result().body())) {
        answered.tryComplete(ar.result().body());
      } else if (System.currentTimeMillis() > deadline) {
        answered.tryFail(address + " did not give the awaited answer in time: "
            + (ar.succeeded() ? ar.result().body() : ar.cause()));
      } else {
        vertx.setTimer(50, t -> askUntil(vertx, address, request, done, answered, deadline));
      }
    });
  }

  /** Stops the node under test (its dashboard and its peer). */
  void stopNode() throws Exception {
    await(nodeVertx.close());
  }

  /** Stops the tracker; the peers stay up and keep trying to reach it. */
  void stopTracker() throws Exception {
    await(trackerVertx.close());
  }

  /** The node's own peer id. */
  String nodePeerId() throws Exception {
    return await(nodeVertx.eventBus().<JsonObject>request(PeerBus.NODE, new JsonObject()).map(Message::body))
        .getString("peerId");
  }

  private JsonObject peerConfig(String name, Path dir) {
    return new JsonObject().put("name", name).put("host", "127.0.0.1").put("port", 0)
        .put("shareDir", dir.resolve("share").toString())
        .put("downloadDir", dir.resolve("downloads").toString())
        .put("tracker", new JsonObject().put("host", "127.0.0.1").put("port", trackerPort))
        .put("heartbeatSeconds", 1).put("rescanSeconds", 0.2).put("chunkSize", 256 * 1024);
  }

  /** Asks the peer every 50 ms until it has joined the tracker (bounded by 10 s). */
  private static JsonObject awaitJoined(Vertx vertx) throws Exception {
    return askUntil(vertx, PeerBus.NODE, new JsonObject(),
        node -> Boolean.TRUE.equals(node.getBoolean("trackerConnected")) && node.getString("peerId") != null,
        10_000);
  }

  @Override
  public void close() throws Exception {
    List<Future<Void>> closing = new ArrayList<>();
    if (nodeVertx != null) {
      closing.add(nodeVertx.close());
    }
    for (Seeder seeder : seeders) {
      closing.add(seeder.vertx().close());
    }
    for (Future<Void> f : closing) {
      f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
    await(trackerVertx.close());
  }
}
