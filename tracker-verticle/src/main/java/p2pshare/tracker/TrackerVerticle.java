package p2pshare.tracker;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.tracker.registry.SwarmShardVerticle;
import p2pshare.tracker.server.TrackerServerVerticle;

/**
 * The tracker: deploys {@code shards} swarm shards, each on its own event-loop thread, then the TCP front.
 * Config keys and defaults are those of {@link TrackerConfig}; a bad value or a busy port fails the start with
 * one clear message.
 */
public final class TrackerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerVerticle.class);
  private final TrackerServerVerticle server = new TrackerServerVerticle();

  @Override
  public Future<?> start() {
    TrackerConfig settings = TrackerConfig.from(config());
    List<Future<String>> shards = new ArrayList<>();
    for (int shard = 0; shard < settings.shards(); shard++) {
      // Deployed one by one, each instance gets its own context, hence its own event-loop thread.
      shards.add(vertx.deployVerticle(new SwarmShardVerticle(),
          new DeploymentOptions().setConfig(settings.toJson().put("shard", shard))));
    }
    return Future.all(shards)
        .compose(v -> vertx.deployVerticle(server, new DeploymentOptions().setConfig(settings.toJson())))
        .onSuccess(id -> LOG.info("tracker listening on {}:{} ({} shards)", settings.host(), server.actualPort(),
            settings.shards()));
  }

  /** Open peer connections. */
  public int connections() {
    return server.connections();
  }

  /** The port the tracker listens on, once started; tests configure port 0 and ask here. */
  public int actualPort() {
    return server.actualPort();
  }
}
