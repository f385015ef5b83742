package p2pshare.dashboard;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.dashboard.api.ApiError;
import p2pshare.dashboard.api.ApiRouter;
import p2pshare.dashboard.api.BearerTokenCheck;
import p2pshare.dashboard.api.JsonResponse;
import p2pshare.dashboard.api.PeerBusClient;
import p2pshare.dashboard.live.LiveHub;
import p2pshare.dashboard.security.OriginCheck;
import p2pshare.dashboard.security.SecurityHeaders;
import p2pshare.http.AllowedHosts;
import p2pshare.http.HostCheck;
import p2pshare.net.HostText;
import p2pshare.observe.Observability;

/**
 * The peer node's dashboard: the page (static files from {@code webroot/} on the classpath), the HTTP API under
 * {@code /api} and the live WebSocket at {@code /ws}. It talks to the peer verticle only over the event bus
 * ({@link p2pshare.peer.PeerBus}), so it can be deployed and tested on its own. Configuration:
 * {@link DashboardSettings}; access rules: docs/protocol.md, "Dashboard".
 */
public class DashboardVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);
  private static final int MAX_SOCKETS = 64;

  private volatile HttpServer server;
  private final HostCheck hostCheck = new HostCheck();
  private DashboardSettings settings;
  private BearerTokenCheck tokenCheck;
  private LiveHub hub;

  @Override
  public Future<?> start() {
    try {
      settings = DashboardSettings.from(config());
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("bad dashboard configuration: " + e.getMessage(), e));
    }
    PeerBusClient peer = new PeerBusClient(vertx.eventBus(), settings.busTimeoutMillis());
    tokenCheck = new BearerTokenCheck(settings.token());
    hub = new LiveHub(peer, MAX_SOCKETS, settings.peersRefreshMillis());
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders()).handler(hostCheck);
    OriginCheck originCheck = new OriginCheck(hostCheck);
    router.route("/api/*").handler(originCheck);
    router.get("/ws").handler(originCheck).handler(this::upgrade);
    router.get("/metrics").handler(tokenCheck);
    Observability.mount(vertx, router, PeerHealth.checks(vertx, peer));
    new ApiRouter(peer, settings.token(), settings.maxUploadBytes()).mount(router);
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return hub.start(vertx)
        .compose(v -> vertx.createHttpServer(serverOptions())
            .requestHandler(router)
            .listen())
        .recover(failure -> Future.failedFuture(new IllegalStateException(
            "cannot listen on " + HostText.withPort(settings.host(), settings.port()) + ": " + failure.getMessage(), failure)))
        .onSuccess(bound -> {
          hostCheck.allow(new AllowedHosts(settings.host(), bound.actualPort(), settings.allowedHosts(),
              settings.https()));
          server = bound;
          String url = (settings.https() ? "https://" : "http://") + HostText.withPort(settings.host(), bound.actualPort())
              + "/";
          LOG.info("dashboard for {} at {}", settings.name(),
              settings.tokenGenerated() ? url + "?token=" + settings.token() : url + " (token from http.token)");
          if (!AllowedHosts.isLoopback(settings.host())) {
            LOG.warn("the dashboard listens on {}, reachable from other machines: keep its token secret",
                settings.host());
          }
        });
  }

  @Override
  public Future<?> stop() {
    // Open pages keep connections (keep-alive, the WebSocket): close them now rather than wait for them.
    HttpServer bound = server;
    Future<Void> closed = bound == null ? Future.succeededFuture() : bound.shutdown(0, TimeUnit.SECONDS);
    return closed.eventually(() -> hub == null ? Future.succeededFuture() : hub.close());
  }

  /** The port the server is bound to (useful when configured with port 0); -1 before the start succeeded. */
  public int actualPort() {
    HttpServer bound = server;
    return bound == null ? -1 : bound.actualPort();
  }

  /** HTTP, or HTTPS with {@code http.tls} (the same token, Host and Origin rules). */
  private HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
    if (settings.https()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.tlsCert().toString())
          .setKeyPath(settings.tlsKey().toString()));
    }
    return options;
  }

  /** The token the API and the WebSocket require (generated at start when none was configured). */
  public String token() {
    return settings.token();
  }

  private void upgrade(RoutingContext ctx) {
    // Browsers cannot put headers on a WebSocket, so its token comes in the query; the socket only pushes.
    if (!tokenCheck.matchesToken(ctx.request().getParam("token"))) {
      JsonResponse.send(ctx, new ApiError(401, "missing or wrong token"));
    } else {
      ctx.request().toWebSocket()
          .onSuccess(hub::accept)
          .onFailure(e -> LOG.debug("WebSocket handshake failed: {}", e.toString()));
    }
  }
}
