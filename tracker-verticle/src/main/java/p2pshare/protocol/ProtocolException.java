package p2pshare.protocol;

/**
 * A failure in the protocol's own words, with a machine-readable {@code code}: a message that breaks the protocol
 * (the code sent back in the {@code error} reply), an {@code error} reply from the other side (its code), or the
 * connection failing under a request ({@code closed}, {@code timeout}).
 */
public final class ProtocolException extends Exception {
  public static final String CLOSED = "closed";
  public static final String TIMEOUT = "timeout";
  public static final String BAD_FRAME = "bad-frame";

  private final String code;

  public ProtocolException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
