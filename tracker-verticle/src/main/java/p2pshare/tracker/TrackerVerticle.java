package p2pshare.tracker;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.http.AllowedHosts;
import p2pshare.launch.ConfigReader;
import p2pshare.http.HostCheck;
import p2pshare.net.HostText;
import p2pshare.observe.Observability;
import p2pshare.tracker.registry.SwarmShardVerticle;
import p2pshare.tls.NetworkTls;
import p2pshare.tls.TlsSettings;
import p2pshare.tracker.server.TrackerServerVerticle;

/**
 * The tracker: deploys {@code shards} swarm shards, each on its own event-loop thread, then the TCP front, then a
 * small HTTP server with {@code /metrics} and {@code /health}. Config keys and defaults are those of
 * {@link TrackerConfig}; a bad value or a busy port fails the start with one clear message.
 */
public final class TrackerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerVerticle.class);
  private final TrackerServerVerticle server = new TrackerServerVerticle();
  private volatile HttpServer http;
  private volatile NetworkTls tls = NetworkTls.open();

  @Override
  public Future<?> start() {
    if (context.getInstanceCount() > 1) {
      return Future.failedFuture(new IllegalStateException("-instances " + context.getInstanceCount()
          + " would start that many separate trackers behind one port, each seeing only its own peers. One tracker "
          + "already uses the event loops it needs (the \"shards\" setting); to spread a tracker over "
          + "processes or machines, start each with -cluster (README, \"A cluster of trackers\")"));
    }
    TrackerConfig settings = TrackerConfig.from(config());
    TlsSettings tlsSettings = TlsSettings.from(new ConfigReader(config()).object("tls"));
    List<Future<String>> shards = new ArrayList<>();
    for (int shard = 0; shard < settings.shards(); shard++) {
      // Deployed one by one, each instance gets its own context, hence its own event-loop thread.
      shards.add(vertx.deployVerticle(new SwarmShardVerticle(),
          new DeploymentOptions().setConfig(settings.toJson().put("shard", shard))));
    }
    return NetworkTls.start(vertx, tlsSettings, "the tracker", null)
        .compose(started -> {
          tls = started;
          server.tls(started);
          return Future.all(shards);
        })
        // Not under -cluster: its throwaway front would be one more node of the cluster.
        .compose(v -> settings.warmUp() && !vertx.isClustered() ? TrackerWarmUp.run(vertx) : Future.succeededFuture())
        .compose(v -> vertx.deployVerticle(server, new DeploymentOptions().setConfig(settings.toJson())))
        .compose(v -> settings.httpPort() < 0 ? Future.succeededFuture() : startHttp(settings))
        .onSuccess(id -> LOG.info("tracker listening on {} ({} shards){}",
            HostText.withPort(settings.host(), server.actualPort()), settings.shards(),
            http == null ? "" : ", metrics at http://" + HostText.withPort(settings.host(), http.actualPort())
                + "/metrics"));
  }

  private Future<HttpServer> startHttp(TrackerConfig settings) {
    HealthChecks checks = HealthChecks.create(vertx)
        .register("peers", promise -> promise.complete(server.actualPort() > 0 ? Status.OK() : Status.KO()))
        .register("tls", promise -> promise.complete(Status.OK(tls.status())))
        .register("cluster", promise -> {
          JsonObject node = server.node();
          JsonArray members = node.getJsonArray("members", new JsonArray());
          promise.complete(Status.OK(new JsonObject().put("clustered", node.getBoolean("clustered"))
              .put("node", node.getString("node")).put("members", members.size())));
        });
    Router router = Router.router(vertx);
    // Answers only to its own names, like the node's dashboard: a page elsewhere cannot read it by DNS rebinding.
    HostCheck hostCheck = new HostCheck();
    router.route().handler(hostCheck);
    Observability.mount(vertx, router, checks);
    return vertx.createHttpServer().requestHandler(router).listen(settings.httpPort(), settings.host())
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on "
            + HostText.withPort(settings.host(), settings.httpPort()) + " (httpPort): " + e.getMessage(), e)))
        .onSuccess(bound -> {
          hostCheck.allow(new AllowedHosts(settings.host(), bound.actualPort(), settings.httpAllowedHosts()));
          http = bound;
        });
  }

  @Override
  public Future<?> stop() {
    // Do not wait for a scraper's keep-alive connection to go away by itself.
    tls.stop();
    HttpServer bound = http;
    return bound == null ? Future.succeededFuture() : bound.shutdown(0, TimeUnit.SECONDS);
  }

  /** Open peer connections. */
  public int connections() {
    return server.connections();
  }

  /** Bytes the connections hold: requests read and not yet answered, frames written and not yet sent. */
  public long bufferedBytes() {
    return server.bufferedBytes();
  }

  /** Events dropped for watchers that read too slowly, since the start. */
  public long eventsDropped() {
    return server.eventsDropped();
  }

  /** The port the tracker listens on, once started; tests configure port 0 and ask here. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The tracker nodes this one sees in its cluster, itself included; 0 when it is not clustered. */
  public int clusterMembers() {
    return server.node().getJsonArray("members", new JsonArray()).size();
  }

  /** The port of /metrics and /health, or -1 when there is none. */
  public int httpPort() {
    HttpServer bound = http;
    return bound == null ? -1 : bound.actualPort();
  }
}
