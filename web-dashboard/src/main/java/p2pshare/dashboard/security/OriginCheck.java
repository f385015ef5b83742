package p2pshare.dashboard.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import p2pshare.dashboard.api.ApiError;
import p2pshare.dashboard.api.JsonResponse;
import p2pshare.http.HostCheck;

/**
 * Refuses (403) a request whose {@code Origin} header names a site other than this node: a page elsewhere cannot
 * use the API or the WebSocket even when it holds the token. Requests without {@code Origin} (not from a browser
 * page, or a same-origin GET) pass to the token check.
 */
public final class OriginCheck implements Handler<RoutingContext> {
  private final HostCheck names;

  /** @param names the node's names, set once the server is bound */
  public OriginCheck(HostCheck names) {
    this.names = names;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (names.allowed().allowsOrigin(ctx.request().getHeader("Origin"))) {
      ctx.next();
    } else {
      JsonResponse.send(ctx, new ApiError(403, "request from a page of another site"));
    }
  }
}
