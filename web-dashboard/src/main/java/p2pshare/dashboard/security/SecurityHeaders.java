package p2pshare.dashboard.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * First handler of every request: refuses a foreign {@code Host} (421) and adds the headers that keep the page
 * out of frames, stop content sniffing and allow scripts, styles and connections from this node only.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

  private final AllowedHosts allowed;

  public SecurityHeaders(AllowedHosts allowed) {
    this.allowed = allowed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", CSP);
    if (!allowed.allowsHost(ctx.request().getHeader("Host"))) {
      ctx.response().setStatusCode(421).putHeader("Content-Type", "application/json")
          .end("{\"error\":\"this node does not answer to that host name\"}");
      return;
    }
    ctx.next();
  }
}
