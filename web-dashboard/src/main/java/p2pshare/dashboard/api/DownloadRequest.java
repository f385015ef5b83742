package p2pshare.dashboard.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The body of {@code POST /api/downloads}: a JSON object with exactly one of {@code fileId}, {@code name} or
 * {@code link} (a {@link FileLink}), a non-empty string. Checked here so that a bad request never reaches the peer.
 */
public final class DownloadRequest {
  private static final List<String> FIELDS = List.of("fileId", "name", "link");

  private DownloadRequest() {
  }

  /**
   * The request for {@link p2pshare.peer.PeerBus#DOWNLOAD_START}: {@code {"fileId": …}} (also for a link) or
   * {@code {"name": …}}.
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
      throw ApiError.badRequest("body must be a JSON object with fileId, name or link");
    }
    List<String> given = FIELDS.stream().filter(json::containsKey).toList();
    if (given.size() != 1) {
      throw ApiError.badRequest("give exactly one of fileId, name and link");
    }
    String field = given.get(0);
    if (!(json.getValue(field) instanceof String text) || text.isEmpty()) {
      throw ApiError.badRequest(field + " must be a non-empty string");
    }
    return field.equals("link") ? new JsonObject().put("fileId", FileLink.parse(text).fileId())
        : new JsonObject().put(field, text);
  }
}
