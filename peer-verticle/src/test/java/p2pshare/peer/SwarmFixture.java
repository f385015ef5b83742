package p2pshare.peer;

import static p2pshare.testkit.Await.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import p2pshare.tracker.TrackerVerticle;

/** A tracker in its own Vert.x instance, and the peers of a test, each in its own; all closed at the end. */
final class SwarmFixture implements AutoCloseable {
  final Vertx trackerVertx = Vertx.vertx();
  final int trackerPort;
  final TrackerVerticle tracker = new TrackerVerticle();
  private final Path root;
  private final List<TestNode> nodes = new ArrayList<>();

  SwarmFixture(Path root) throws Exception {
    this(root, new JsonObject());
  }

  /** @param trackerConfig settings of the tracker besides its ports and timeout */
  SwarmFixture(Path root, JsonObject trackerConfig) throws Exception {
    this.root = root;
    await(trackerVertx.deployVerticle(tracker, new DeploymentOptions().setConfig(trackerConfig.copy()
        .put("port", 0).put("httpPort", 0).put("peerTimeoutSeconds", 3).put("warmUp", false))));
    trackerPort = tracker.actualPort();
  }

  /** A peer not started yet: put files in its share folder, then {@link TestNode#start}. */
  TestNode node(String name) throws Exception {
    TestNode node = new TestNode(root, name);
    nodes.add(node);
    return node;
  }

  TestNode started(String name) throws Exception {
    return node(name).start(trackerPort, new JsonObject());
  }

  @Override
  public void close() throws Exception {
    for (TestNode node : nodes) {
      node.close();
    }
    await(trackerVertx.close());
  }
}
