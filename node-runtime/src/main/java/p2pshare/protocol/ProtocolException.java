package p2pshare.protocol;

/**
 * The one failure of both protocols: an {@link ErrorCode}, and whether the other side {@linkplain #refused() refused}
 * (answered with an {@code error} reply) or the failure happened here (the connection closed, timed out, carried a
 * broken frame, or the request was given up).
 */
public final class ProtocolException extends Exception {
  private final ErrorCode code;
  private final boolean refused;

  private ProtocolException(ErrorCode code, boolean refused, String message) {
    super(message, null, false, false);
    this.code = code;
    this.refused = refused;
  }

  /** The other side answered with an {@code error} reply carrying {@code wireCode}. */
  public static ProtocolException refusal(String wireCode, String message) {
    return new ProtocolException(ErrorCode.fromWire(wireCode), true, message);
  }

  /** The other side refused with a known code (or this side refuses, before replying with it). */
  public static ProtocolException refusal(ErrorCode code, String message) {
    return new ProtocolException(code, true, message);
  }

  /** A failure on this side: the request never got an answer. */
  public static ProtocolException local(ErrorCode code, String message) {
    return new ProtocolException(code, false, message);
  }

  public ErrorCode code() {
    return code;
  }

  /** True when the other side answered with an error; false when the request failed here. */
  public boolean refused() {
    return refused;
  }

  /** True for a refusal with {@code code}. */
  public boolean isRefusal(ErrorCode expected) {
    return refused && code == expected;
  }

  /** True for a local failure with {@code code}. */
  public boolean isLocal(ErrorCode expected) {
    return !refused && code == expected;
  }
}
