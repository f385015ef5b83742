package p2pshare.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import p2pshare.dashboard.DashboardVerticle;
import p2pshare.peer.PeerVerticle;

/**
 * One peer node: the peer verticle, then the dashboard that talks to it over the event bus. Both get this verticle's
 * configuration (see conf/peer.json). The start fails with the first failure of either, so the launcher can print it.
 */
public class PeerNodeVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    DeploymentOptions options = new DeploymentOptions().setConfig(config().copy());
    return vertx.deployVerticle(PeerVerticle.class, options)
        .compose(peerId -> vertx.deployVerticle(DashboardVerticle.class, options)
            // Without a dashboard the node is unreachable: take the peer down too, but report the dashboard's error.
            .recover(failure -> vertx.undeploy(peerId)
                .transform(ignored -> Future.failedFuture(failure))));
  }
}
