package p2pshare.dashboard.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds to every answer the headers that keep the page out of frames, stop content sniffing, and allow scripts,
 * styles, connections and form posts to this node only; a {@code <base>} tag cannot move relative URLs elsewhere.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  static final String CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'self'";

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", CSP);
    ctx.next();
  }
}
