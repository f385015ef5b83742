package p2pshare.protocol;

/** A message that breaks the protocol. {@code code} is the machine-readable error code sent back. */
public final class ProtocolException extends Exception {
  private final String code;

  public ProtocolException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
