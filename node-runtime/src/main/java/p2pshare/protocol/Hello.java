package p2pshare.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The first message on a connection, in both protocols: which protocol version the sender speaks and which node it
 * is (docs/protocol.md, "Hello"). Each side serves every version from {@link #OLDEST} to its own; version 1 is the
 * protocol before hello existed, recognised by a first message that is not a hello.
 */
public final class Hello {
  /** The version this code speaks. */
  public static final int VERSION = 4;
  /** The oldest version it still serves. */
  public static final int OLDEST = 1;
  public static final String TYPE = "hello";

  private Hello() {
  }

  public static JsonObject of(String name) {
    return new JsonObject().put("type", TYPE).put("version", VERSION).put("name", name);
  }

  public static boolean is(JsonObject message) {
    return TYPE.equals(message.getValue("type"));
  }

  /**
   * The version both sides speak, given the other side's hello.
   *
   * @throws ProtocolException {@code unsupported-version} naming both versions when the other side is too old, or
   *     {@code bad-request} when the hello has no usable version
   */
  public static int agree(JsonObject theirs) throws ProtocolException {
    if (!(theirs.getValue("version") instanceof Integer version)) {
      throw ProtocolException.refusal(ErrorCode.BAD_REQUEST, "hello needs an integer version");
    }
    if (version < OLDEST) {
      throw ProtocolException.refusal(ErrorCode.UNSUPPORTED_VERSION, "this node speaks protocol versions " + OLDEST
          + " to " + VERSION + "; the other side speaks version " + version);
    }
    return Math.min(version, VERSION);
  }
}
