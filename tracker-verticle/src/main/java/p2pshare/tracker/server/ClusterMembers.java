package p2pshare.tracker.server;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

/**
 * Reaches the cluster manager of a clustered Vert.x: which nodes are members, and this node's id. Vert.x 5 has no
 * public getter for it ({@code Vertx} only says {@code isClustered()}), and the launcher builds the clustered
 * instance with a manager found by {@code ServiceLoader}, so the tracker cannot hand one in itself. The internal
 * {@code VertxInternal.clusterManager()} is used here and nowhere else.
 */
final class ClusterMembers {
  private ClusterMembers() {
  }

  /** The cluster manager of {@code vertx}, which must be clustered. */
  static ClusterManager of(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }
}
