package p2pshare.dashboard.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only if it carries {@code Authorization: Bearer <token>}; otherwise answers 401. */
public final class BearerTokenCheck implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  public BearerTokenCheck(String token) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (matches(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
      ctx.next();
    } else {
      JsonResponse.send(ctx, new ApiError(401, "missing or wrong token"));
    }
  }

  boolean matches(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return matchesToken(authorization.substring(PREFIX.length()));
  }

  /** Compares in constant time, so the response time does not reveal how much of the token was right. */
  public boolean matchesToken(String given) {
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected);
  }
}
