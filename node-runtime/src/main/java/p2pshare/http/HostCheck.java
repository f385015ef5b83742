package p2pshare.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * A route handler that refuses (421) a request whose {@code Host} header is not one the server answers to, so a
 * page on another site cannot reach it through DNS rebinding. The names include the bound port, known only after
 * {@code listen()}: until {@link #allow} is called every request is refused.
 */
public final class HostCheck implements Handler<RoutingContext> {
  private volatile AllowedHosts allowed;

  /** Sets the names to answer to, once the server is bound. */
  public void allow(AllowedHosts names) {
    this.allowed = names;
  }

  /** The names set by {@link #allow}, or null before. */
  public AllowedHosts allowed() {
    return allowed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    AllowedHosts names = allowed;
    if (names == null || !names.allowsHost(ctx.request().getHeader("Host"))) {
      ctx.response().setStatusCode(421).putHeader("Content-Type", "application/json")
          .end("{\"error\":\"this server does not answer to that host name\"}");
      return;
    }
    ctx.next();
  }
}
