package p2pshare.dashboard.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the API's JSON responses. */
public final class JsonResponse {
  private JsonResponse() {
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  public static void send(RoutingContext ctx, ApiError error) {
    send(ctx, error.status(), error.body());
  }
}
