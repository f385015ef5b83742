package p2pshare.protocol;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Encodes and decodes the frames shared by the tracker protocol and the peer wire protocol.
 *
 * <p>A frame is a 4-byte big-endian length N followed by N bytes of body. The body's first byte is its kind:
 * {@link #JSON} (UTF-8 JSON object follows) or {@link #DATA} (4-byte request id, then raw bytes).
 * See docs/protocol.md.
 */
public final class Frames {
  public static final byte JSON = 1;
  public static final byte DATA = 2;
  /** Bytes of a DATA frame body before its payload: kind and request id. */
  public static final int DATA_PREFIX = 5;

  private Frames() {
  }

  public static Buffer json(JsonObject message) {
    Buffer json = message.toBuffer();
    return Buffer.buffer(json.length() + 5)
        .appendInt(json.length() + 1)
        .appendByte(JSON)
        .appendBuffer(json);
  }

  /**
   * A JSON frame for {@code {"type": type, "id": id, ...members of object}}, where {@code object} is a JSON object
   * already encoded (a cached reply): its bytes are copied once, never parsed or built again.
   */
  public static Buffer json(String type, long id, Buffer object) {
    Buffer head = Buffer.buffer("{\"type\":" + io.vertx.core.json.Json.encode(type) + ",\"id\":" + id
        + (object.length() > 2 ? "," : ""));
    int length = 1 + head.length() + object.length() - 1;
    return Buffer.buffer(length + 4)
        .appendInt(length)
        .appendByte(JSON)
        .appendBuffer(head)
        .appendBuffer(object, 1, object.length() - 1);
  }

  /** The frame header and DATA prefix for a payload of {@code length} bytes that the caller sends next. */
  public static Buffer dataHeader(int requestId, int length) {
    return Buffer.buffer(9)
        .appendInt(DATA_PREFIX + length)
        .appendByte(DATA)
        .appendInt(requestId);
  }

  /** An error reply; {@code id} is null when the request had no usable id. */
  public static JsonObject error(Object id, ErrorCode code, String message) {
    JsonObject error = new JsonObject().put("type", "error");
    if (id != null) {
      error.put("id", id);
    }
    return error.put("code", code.wire()).put("message", message);
  }

  public static byte kind(Buffer body) {
    return body.getByte(0);
  }

  /** Parses a JSON frame body; any other kind or malformed JSON is a protocol error. */
  public static JsonObject jsonOf(Buffer body) throws ProtocolException {
    if (body.length() < 2 || kind(body) != JSON) {
      throw ProtocolException.local(ErrorCode.BAD_FRAME, "expected a JSON frame");
    }
    JsonObject object;
    try {
      // Decoding straight to JsonObject: Buffer.toJson() yields a plain Map, never a JsonObject.
      object = new JsonObject(body.slice(1, body.length()));
    } catch (DecodeException | ClassCastException e) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "a message must be a JSON object");
    }
    if (object.getMap() == null) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "a message must be a JSON object");
    }
    return object;
  }

}
