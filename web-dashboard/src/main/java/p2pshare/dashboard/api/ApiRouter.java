package p2pshare.dashboard.api;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import p2pshare.peer.PeerBus;

/**
 * The JSON API under {@code /api}. Every route forwards to one {@link PeerBus} address and answers with the peer's
 * reply as it is; failures are mapped by {@link PeerFailures}. The routes are listed in the project's README
 * ("HTTP API").
 */
public final class ApiRouter {
  /** Download requests are tiny; anything bigger is refused before it is buffered. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  /** The orders of the tracker's search (docs/protocol.md, {@code search}). */
  private static final Set<String> SORTS = Set.of("name", "-name", "size", "-size");

  private final PeerBusClient peer;
  private final String token;
  private final long maxUploadBytes;

  /**
   * @param token the bearer token required on every {@code /api} request
   * @param maxUploadBytes the largest file {@code POST /api/shares} takes; 0 refuses uploads
   */
  public ApiRouter(PeerBusClient peer, String token, long maxUploadBytes) {
    this.peer = peer;
    this.token = java.util.Objects.requireNonNull(token, "token");
    this.maxUploadBytes = maxUploadBytes;
  }

  /** Adds the API routes, and JSON answers for unknown routes (404) and wrong methods (405), to a router. */
  public void mount(Router router) {
    router.route("/api/*").handler(new BearerTokenCheck(token));
    router.get("/api/node").handler(ctx -> forward(ctx, PeerBus.NODE, new JsonObject()));
    router.get("/api/peers").handler(ctx -> forward(ctx, PeerBus.PEERS, new JsonObject()));
    router.get("/api/files").handler(this::files);
    router.get("/api/shares").handler(ctx -> forward(ctx, PeerBus.SHARES, new JsonObject()));
    // Streamed to disk past the small body limit of the other routes.
    router.post("/api/shares").handler(new ShareUploadRoute(peer, maxUploadBytes));
    router.post("/api/downloads")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::startDownload);
    router.get("/api/downloads").handler(ctx -> forward(ctx, PeerBus.DOWNLOAD_LIST, new JsonObject()));
    router.get("/api/downloads/:id").handler(ctx -> forward(ctx, PeerBus.DOWNLOAD_GET, idOf(ctx)));
    router.delete("/api/downloads/:id").handler(ctx -> forward(ctx, PeerBus.DOWNLOAD_CANCEL, idOf(ctx)));
    router.post("/api/downloads/:id/pause").handler(ctx -> forward(ctx, PeerBus.DOWNLOAD_PAUSE, idOf(ctx)));
    router.post("/api/downloads/:id/resume").handler(ctx -> forward(ctx, PeerBus.DOWNLOAD_RESUME, idOf(ctx)));

    router.route("/api/*").failureHandler(this::failed);
    router.errorHandler(404, ctx -> JsonResponse.send(ctx, new ApiError(404, "no such route")));
    router.errorHandler(405, ctx -> JsonResponse.send(ctx, new ApiError(405, "method not allowed")));
  }

  private void startDownload(RoutingContext ctx) {
    JsonObject request;
    try {
      request = DownloadRequest.parse(ctx.body().buffer());
    } catch (ApiError badRequest) {
      JsonResponse.send(ctx, badRequest);
      return;
    }
    answer(ctx, peer.request(PeerBus.DOWNLOAD_START, request), download -> {
      if (download.getValue("id") instanceof String id) {
        ctx.response().putHeader(HttpHeaders.LOCATION, "/api/downloads/" + pathSegment(id));
      }
      return 202;
    });
  }

  private void forward(RoutingContext ctx, String address, JsonObject request) {
    answer(ctx, peer.request(address, request), reply -> 200);
  }

  /** Answers with the reply and the status {@code onSuccess} picks for it, or with the mapped failure. */
  private void answer(RoutingContext ctx, Future<JsonObject> reply, Function<JsonObject, Integer> onSuccess) {
    reply.onComplete(result -> {
      if (ctx.response().closed()) {
        return;
      }
      if (result.succeeded()) {
        JsonResponse.send(ctx, onSuccess.apply(result.result()), result.result());
      } else {
        ApiError error = PeerFailures.toApiError(result.cause());
        if (error.status() == 500) {
          LOG.warn("{} {} failed: {}", ctx.request().method(), ctx.request().path(), error.getMessage(),
              result.cause());
        }
        JsonResponse.send(ctx, error);
      }
    });
  }

  /** Failures raised by handlers, and by the body handler (413 for a body over the limit). */
  private void failed(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      return;
    }
    if (ctx.statusCode() == 413) {
      JsonResponse.send(ctx, ApiError.badRequest("body larger than " + MAX_BODY_BYTES + " bytes"));
    } else if (ctx.failure() != null) {
      LOG.warn("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      JsonResponse.send(ctx, PeerFailures.toApiError(ctx.failure()));
    } else {
      int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
      JsonResponse.send(ctx, new ApiError(status, "request failed"));
    }
  }

  /** A search of the network's files: {@code q}, and {@code sort}, which the tracker applies before it cuts the list. */
  private void files(RoutingContext ctx) {
    String sort = ctx.request().getParam("sort", "name");
    if (!SORTS.contains(sort)) {
      JsonResponse.send(ctx, new ApiError(400, "sort must be one of name, -name, size, -size"));
      return;
    }
    forward(ctx, PeerBus.FILES, new JsonObject().put("q", query(ctx)).put("sort", sort));
  }

  private static String query(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    return q == null ? "" : q;
  }

  private static JsonObject idOf(RoutingContext ctx) {
    return new JsonObject().put("id", ctx.pathParam("id"));
  }

  private static String pathSegment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
