package p2pshare.peer.wire;

/** A source answered with an error, broke the protocol, timed out or went away. */
public final class WireException extends Exception {
  private final String code;

  public WireException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** {@code unknown-file}, {@code bad-index}, {@code unavailable}, {@code timeout}, {@code closed}, {@code protocol}... */
  public String code() {
    return code;
  }
}
