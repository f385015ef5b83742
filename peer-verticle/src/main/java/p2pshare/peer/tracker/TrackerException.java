package p2pshare.peer.tracker;

/** The tracker answered a request with an {@code error} message. */
public final class TrackerException extends Exception {
  private final String code;

  public TrackerException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
