package p2pshare.tracker.server;

import io.vertx.core.json.JsonObject;

/** Builders for tracker replies and events (docs/protocol.md, "Tracker protocol"). */
final class Replies {
  static final String BAD_REQUEST = "bad-request";
  static final String NOT_JOINED = "not-joined";
  static final String ALREADY_JOINED = "already-joined";
  static final String UNKNOWN_FILE = "unknown-file";
  static final String UNKNOWN_TYPE = "unknown-type";
  static final String LIMIT = "limit";
  /** A private network's refusal: a revoked certificate, or a name other than the certificate's. */
  static final String FORBIDDEN = "forbidden";

  private Replies() {
  }

  static JsonObject reply(String type, Long id) {
    JsonObject reply = new JsonObject().put("type", type);
    if (id != null) {
      reply.put("id", id);
    }
    return reply;
  }

  static JsonObject ok(Long id) {
    return reply("ok", id);
  }

  /** An error reply; {@code id} is null when the request had no usable id. */
  static JsonObject error(Long id, String code, String message) {
    return reply("error", id).put("code", code).put("message", message);
  }

  static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }
}
