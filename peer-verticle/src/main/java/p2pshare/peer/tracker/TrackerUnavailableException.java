package p2pshare.peer.tracker;

/** No connection to the tracker right now, or it did not answer in time. */
public final class TrackerUnavailableException extends Exception {
  public TrackerUnavailableException(String message) {
    super(message, null, false, false);
  }
}
