package p2pshare.dashboard.api;

import io.vertx.core.json.JsonObject;

/** An error the API answers with: an HTTP status and a JSON body with at least an {@code error} field. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final JsonObject body;

  public ApiError(int status, JsonObject body) {
    super(String.valueOf(body.getValue("error")), null, false, false);
    this.status = status;
    this.body = body;
  }

  public ApiError(int status, String error) {
    this(status, new JsonObject().put("error", error));
  }

  public static ApiError badRequest(String error) {
    return new ApiError(400, error);
  }

  public int status() {
    return status;
  }

  /** A copy of the response body. */
  public JsonObject body() {
    return body.copy();
  }
}
