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
  private final DashboardVerticle dashboard = new DashboardVerticle();

  @Override
  public Future<?> start() {
    DeploymentOptions options = new DeploymentOptions().setConfig(config().copy());
    return vertx.deployVerticle(new PeerVerticle(), options)
        .compose(peerId -> vertx.deployVerticle(dashboard, options)
            // Without a dashboard the node is unreachable: take the peer down too, but report the dashboard's error.
            .recover(failure -> vertx.undeploy(peerId)
                .transform(ignored -> Future.failedFuture(failure))));
  }

  /** The dashboard's HTTP port, once started (tests configure port 0). */
  public int httpPort() {
    return dashboard.actualPort();
  }

  /** The dashboard's token, configured or generated. */
  public String token() {
    return dashboard.token();
  }
}
