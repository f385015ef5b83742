package p2pshare.tracker.server;

import io.vertx.core.json.JsonObject;
import p2pshare.protocol.ErrorCode;

/** Builders for tracker replies and events (docs/protocol.md, "Tracker protocol"). */
final class Replies {
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
  static JsonObject error(Long id, ErrorCode code, String message) {
    return reply("error", id).put("code", code.wire()).put("message", message);
  }

  static JsonObject event(String type) {
    return new JsonObject().put("type", type);
  }
}
