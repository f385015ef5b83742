package p2pshare.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.dashboard.api.ApiRouter;
import p2pshare.dashboard.api.PeerBusClient;

/**
 * The peer node's HTTP API. It talks to the peer verticle only over the event bus ({@link p2pshare.peer.PeerBus}),
 * so it can be deployed and tested on its own. Configuration: {@link DashboardSettings}.
 */
public class DashboardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);

  private volatile HttpServer server;

  @Override
  public Future<?> start() {
    DashboardSettings settings;
    try {
      settings = DashboardSettings.from(config());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("bad dashboard configuration: " + e.getMessage(), e));
    }
    Router router = Router.router(vertx);
    new ApiRouter(new PeerBusClient(vertx.eventBus(), settings.busTimeoutMillis()), settings.token()).mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
        .requestHandler(router)
        .listen()
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + settings.host() + ":" + settings.port() + ": " + failure.getMessage(), failure)))
        .onSuccess(bound -> {
          server = bound;
          LOG.info("dashboard for {} at http://{}:{}/", settings.name(), settings.host(), bound.actualPort());
        });
  }

  /** The port the server is bound to (useful when configured with port 0); -1 before the start succeeded. */
  public int actualPort() {
    HttpServer bound = server;
    return bound == null ? -1 : bound.actualPort();
  }
}
