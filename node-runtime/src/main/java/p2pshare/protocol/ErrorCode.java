package p2pshare.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Every error code of both TCP protocols, each spelled once. Codes that travel in {@code error} replies are listed in
 * docs/protocol.md; the local ones ({@link #CLOSED}, {@link #TIMEOUT}, {@link #BAD_FRAME}, {@link #CANCELLED}, {@link #TLS}) describe
 * what happened to a request on this side and never go on the wire, except that a broken frame is answered with
 * {@link #BAD_REQUEST}.
 */
public enum ErrorCode {
  BAD_REQUEST("bad-request"),
  NOT_JOINED("not-joined"),
  ALREADY_JOINED("already-joined"),
  UNKNOWN_FILE("unknown-file"),
  UNKNOWN_TYPE("unknown-type"),
  LIMIT("limit"),
  UNSUPPORTED_VERSION("unsupported-version"),
  FORBIDDEN("forbidden"),
  BAD_INDEX("bad-index"),
  /** A chunk a partial source does not have. */
  MISSING("missing"),
  /** The file changed or vanished on the serving peer's disk. */
  UNAVAILABLE("unavailable"),
  /** A code this version does not know (a newer peer's); the exception's message keeps the other side's words. */
  UNKNOWN("unknown"),
  /** Local: the connection closed or failed under the request. */
  CLOSED("closed"),
  /** Local: no answer in time, or the connection stalled. */
  TIMEOUT("timeout"),
  /** Local: the other side broke the protocol (a frame or message that cannot be read). */
  BAD_FRAME("bad-frame"),
  /** Local: this side gave the request up. */
  CANCELLED("cancelled"),
  /** Local: the TLS handshake failed (the other side is not in this private network, or speaks no TLS). */
  TLS("tls");

  private static final Map<String, ErrorCode> BY_WIRE = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      BY_WIRE.put(code.wire, code);
    }
  }

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  /** The code as the protocol spells it. */
  public String wire() {
    return wire;
  }

  /** The code for a spelling received from the other side; {@link #UNKNOWN} for one this version does not know. */
  public static ErrorCode fromWire(String wire) {
    return wire == null ? UNKNOWN : BY_WIRE.getOrDefault(wire, UNKNOWN);
  }

  @Override
  public String toString() {
    return wire;
  }
}
