package p2pshare.dashboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The body of {@code POST /api/downloads}: a JSON object with exactly one of {@code fileId} or {@code name}, a
 * non-empty string. Checked here so that a bad request never reaches the peer.
 */
public final class DownloadRequest {
  private DownloadRequest() {
  }

  /**
   * The request for {@link p2pshare.peer.PeerBus#DOWNLOAD_START}: {@code {"fileId": …}} or {@code {"name": …}}.
   *
   * @throws ApiError 400 with the reason if the body is not such an object
   */
  public static JsonObject parse(Buffer body) {
    Object value;
    try {
      value = body == null || body.length() == 0 ? null : body.toJsonValue();
    } catch (DecodeException e) {
      throw ApiError.badRequest("body is not valid JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw ApiError.badRequest("body must be a JSON object with fileId or name");
    }
    boolean hasId = json.containsKey("fileId");
    boolean hasName = json.containsKey("name");
    if (hasId == hasName) {
      throw ApiError.badRequest("give exactly one of fileId and name");
    }
    String field = hasId ? "fileId" : "name";
    if (!(json.getValue(field) instanceof String text) || text.isEmpty()) {
      throw ApiError.badRequest(field + " must be a non-empty string");
    }
    return new JsonObject().put(field, text);
  }
}
